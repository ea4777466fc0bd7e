"""Move an existing dental appointment to a new date or time."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--appointment_id",
    type=str,
    required=True,
    help="Booking reference of the appointment, e.g. DA-10293",
)
parser.add_argument(
    "--new_date",
    type=str,
    required=True,
    help="New appointment date (YYYY-MM-DD)",
)
parser.add_argument(
    "--new_time",
    type=str,
    help="New start time (HH:MM, 24-hour)",
)
parser.add_argument(
    "--reason",
    choices=["patient_request", "illness", "clinic_closure", "other"],
    default="patient_request",
    help="Why the appointment is being moved",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
