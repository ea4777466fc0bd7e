"""Book a dental appointment for a patient at the clinic."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--patient_name",
    type=str,
    required=True,
    help="Full name of the patient",
)
parser.add_argument(
    "--date",
    type=str,
    required=True,
    help="Appointment date (YYYY-MM-DD)",
)
parser.add_argument(
    "--time",
    type=str,
    help="Preferred start time (HH:MM, 24-hour)",
)
parser.add_argument(
    "--procedure",
    choices=["checkup", "cleaning", "filling", "extraction", "whitening", "root_canal"],
    default="checkup",
    help="Type of visit",
)
parser.add_argument(
    "--dentist",
    type=str,
    help="Name of the preferred dentist",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
