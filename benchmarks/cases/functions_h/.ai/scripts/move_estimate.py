"""Estimate the cost of a household move between two cities."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--from_city",
    type=str,
    required=True,
    help="City the household is moving from",
)
parser.add_argument(
    "--to_city",
    type=str,
    required=True,
    help="City the household is moving to",
)
parser.add_argument(
    "--bedrooms",
    type=int,
    required=True,
    help="Number of bedrooms in the current home",
)
parser.add_argument(
    "--packing",
    action="store_true",
    help="Include full packing and unpacking service",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
