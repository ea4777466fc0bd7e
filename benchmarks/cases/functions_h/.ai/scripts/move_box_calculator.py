"""Estimate how many packing boxes and supplies a home needs for a move."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--rooms",
    type=int,
    required=True,
    help="Number of furnished rooms, excluding bathrooms",
)
parser.add_argument(
    "--home_type",
    choices=["apartment", "house", "condo", "office"],
    required=True,
    help="Type of home or premises",
)
parser.add_argument(
    "--fragile",
    action="store_true",
    help="Add dish packs and extra wrap for fragile items",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
