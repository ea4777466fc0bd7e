"""Move money between two of the user's own bank accounts."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--from_account",
    required=True,
    choices=["checking", "savings", "brokerage", "credit_card"],
    help="Account the money leaves",
)
parser.add_argument(
    "--to_account",
    required=True,
    choices=["checking", "savings", "brokerage", "credit_card"],
    help="Account the money goes into",
)
parser.add_argument("--amount", type=float, required=True, help="Amount to move")
parser.add_argument("--date", help="Day to make the transfer, YYYY-MM-DD; now when left out")
args = parser.parse_args()
print(json.dumps(vars(args)))
