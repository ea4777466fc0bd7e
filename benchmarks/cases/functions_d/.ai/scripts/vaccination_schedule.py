"""Build a vaccination schedule for a young pet from its birth date."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--pet_name", required=True, help="Name of the pet")
parser.add_argument("--birth_date", required=True, help="Date of birth, YYYY-MM-DD")
parser.add_argument("--vaccine", help="Only list doses of this vaccine")
args = parser.parse_args()
print(json.dumps(vars(args)))
