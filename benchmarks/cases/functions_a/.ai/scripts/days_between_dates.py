"""Count the days between two dates, either all calendar days or business days only."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--start_date", required=True, help="First date, YYYY-MM-DD")
parser.add_argument("--end_date", required=True, help="Last date, YYYY-MM-DD")
parser.add_argument(
    "--day_type",
    choices=["calendar", "business"],
    default="calendar",
    help="Count every day, or only Monday to Friday",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
