"""Compute a person's exact age in years, months and days from their birth date."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--birth_date", required=True, help="Date of birth, YYYY-MM-DD")
parser.add_argument("--on_date", help="Date to compute the age on, YYYY-MM-DD; today when left out")
args = parser.parse_args()
print(json.dumps(vars(args)))
