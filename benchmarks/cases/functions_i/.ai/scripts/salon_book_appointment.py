"""Book a client into a stylist's column for a salon service."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--stylist",
    type=str,
    required=True,
    help="First name of the stylist as shown on the rota",
)
parser.add_argument(
    "--service",
    choices=["cut", "colour", "highlights", "blowout", "perm", "keratin"],
    required=True,
    help="Service to book",
)
parser.add_argument(
    "--date",
    type=str,
    required=True,
    help="Appointment date as YYYY-MM-DD",
)
parser.add_argument(
    "--time",
    type=str,
    required=True,
    help="Start time as HH:MM, 24-hour clock",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
