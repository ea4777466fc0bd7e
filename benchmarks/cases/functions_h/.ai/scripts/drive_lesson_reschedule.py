"""Move an existing driving lesson booking to a new date and time."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--booking_ref",
    type=str,
    required=True,
    help="Booking reference, e.g. DL-48213",
)
parser.add_argument(
    "--new_date",
    type=str,
    required=True,
    help="New lesson date as YYYY-MM-DD",
)
parser.add_argument(
    "--new_time",
    type=str,
    required=True,
    help="New start time as HH:MM (24-hour)",
)
parser.add_argument(
    "--reason",
    choices=["illness", "weather", "vehicle", "work", "other"],
    default="other",
    help="Reason for the change",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
