"""Check how many lesson places are free on a given day without booking."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--discipline",
    choices=["ski", "snowboard", "telemark"],
    required=True,
    help="Discipline taught",
)
parser.add_argument(
    "--level",
    choices=["beginner", "intermediate", "advanced"],
    required=True,
    help="Ability level",
)
parser.add_argument(
    "--date",
    type=str,
    required=True,
    help="Date as YYYY-MM-DD",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
