"""Pay a municipal parking ticket by its citation number."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--citation_number",
    type=str,
    required=True,
    help="Citation number printed on the ticket",
)
parser.add_argument(
    "--amount",
    type=float,
    required=True,
    help="Amount to pay in dollars",
)
parser.add_argument(
    "--payment_method",
    choices=["card", "bank_transfer", "paypal"],
    default="card",
    help="How to pay",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
