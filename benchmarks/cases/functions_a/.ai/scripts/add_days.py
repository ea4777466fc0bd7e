"""Find the date a given number of days before or after a start date."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--start_date", required=True, help="Date to count from, YYYY-MM-DD")
parser.add_argument(
    "--days",
    type=int,
    required=True,
    help="Number of days to add; negative to count back",
)
parser.add_argument(
    "--skip_weekends",
    choices=["yes", "no"],
    default="no",
    help="Count only weekdays",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
