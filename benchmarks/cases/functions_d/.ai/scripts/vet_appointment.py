"""Book a veterinary appointment for a pet on a given date."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--pet_name", required=True, help="Name of the pet")
parser.add_argument("--date", required=True, help="Appointment date, YYYY-MM-DD")
parser.add_argument("--reason", required=True, help="Why the pet needs to be seen")
parser.add_argument("--clinic", help="Clinic to book at; the usual clinic when left out")
args = parser.parse_args()
print(json.dumps(vars(args)))
