"""Work out the quarterly estimated tax payment on self-employment income."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--expected_net_profit",
    type=float,
    required=True,
    help="Expected net profit for the year in dollars",
)
parser.add_argument(
    "--quarter",
    choices=["Q1", "Q2", "Q3", "Q4"],
    required=True,
    help="Quarter the payment is for",
)
parser.add_argument(
    "--state",
    type=str,
    help="Two-letter state code to include a state estimate, e.g. CA",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
