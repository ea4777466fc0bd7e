"""Compute the monthly payment of a fixed-rate mortgage."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--price", type=float, required=True, help="Purchase price of the home")
parser.add_argument("--down_payment", type=float, default=0.0, help="Amount paid up front")
parser.add_argument("--rate", type=float, required=True, help="Annual interest rate, in percent")
parser.add_argument(
    "--years",
    type=int,
    choices=[10, 15, 20, 25, 30],
    default=30,
    help="Length of the loan",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
