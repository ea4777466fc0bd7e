"""Book a pool technician visit at an address on a specific date."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--address",
    type=str,
    required=True,
    help="Street address of the pool",
)
parser.add_argument(
    "--date",
    type=str,
    required=True,
    help="Visit date as YYYY-MM-DD",
)
parser.add_argument(
    "--service",
    choices=["cleaning", "opening", "closing", "repair", "leak_detection"],
    required=True,
    help="Type of service visit",
)
parser.add_argument(
    "--time",
    type=str,
    default="09:00",
    help="Preferred arrival time as HH:MM (24-hour)",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
