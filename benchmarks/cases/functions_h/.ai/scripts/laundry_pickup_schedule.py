"""Schedule a laundry pickup from a customer's address."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--address",
    type=str,
    required=True,
    help="Pickup address including unit number",
)
parser.add_argument(
    "--date",
    type=str,
    required=True,
    help="Pickup date as YYYY-MM-DD",
)
parser.add_argument(
    "--window",
    choices=["morning", "afternoon", "evening"],
    required=True,
    help="Pickup window: morning 8-12, afternoon 12-5, evening 5-9",
)
parser.add_argument(
    "--bags",
    type=int,
    default=1,
    help="Number of laundry bags",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
