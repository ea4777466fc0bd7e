"""Dispatch a locksmith to a customer who is locked out."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--address",
    type=str,
    required=True,
    help="Where the locksmith should go",
)
parser.add_argument(
    "--lock_type",
    choices=["house", "car", "office", "safe"],
    required=True,
    help="What the customer is locked out of",
)
parser.add_argument(
    "--callback_phone",
    type=str,
    required=True,
    help="Phone number for the locksmith to call",
)
parser.add_argument(
    "--vehicle",
    type=str,
    default="",
    help="Vehicle year, make and model, for car lockouts",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
