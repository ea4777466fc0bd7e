"""Find the date a given number of months and years after a start date."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--start_date", required=True, help="Date to count from, YYYY-MM-DD")
parser.add_argument(
    "--months",
    type=int,
    required=True,
    help="Number of months to add; negative to count back",
)
parser.add_argument("--years", type=int, default=0, help="Number of whole years to add as well")
args = parser.parse_args()
print(json.dumps(vars(args)))
