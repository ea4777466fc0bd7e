"""Freeze a debit or credit card and optionally order a replacement."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--last_four", required=True, help="Last four digits of the card number")
parser.add_argument(
    "--reason",
    required=True,
    choices=["lost", "stolen", "suspicious_activity", "temporary"],
    help="Why the card is frozen",
)
parser.add_argument(
    "--replace",
    choices=["yes", "no"],
    default="no",
    help="Order a new card",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
