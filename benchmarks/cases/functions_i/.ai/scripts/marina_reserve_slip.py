"""Reserve a transient slip at the marina for a visiting boat."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--vessel_name",
    type=str,
    required=True,
    help="Name of the vessel",
)
parser.add_argument(
    "--length_ft",
    type=float,
    required=True,
    help="Length overall in feet",
)
parser.add_argument(
    "--arrival_date",
    type=str,
    required=True,
    help="Arrival date as YYYY-MM-DD",
)
parser.add_argument(
    "--nights",
    type=int,
    default=1,
    help="Number of nights, 1-30",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
