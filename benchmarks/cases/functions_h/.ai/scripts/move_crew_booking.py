"""Book a moving crew and truck for a pickup address on a given date."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--pickup_address",
    type=str,
    required=True,
    help="Address the crew loads from",
)
parser.add_argument(
    "--date",
    type=str,
    required=True,
    help="Move date as YYYY-MM-DD",
)
parser.add_argument(
    "--crew_size",
    type=int,
    default=2,
    help="Number of movers (2-6)",
)
parser.add_argument(
    "--start_time",
    type=str,
    default="08:00",
    help="Crew arrival time as HH:MM (24-hour)",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
