"""Suggest wines from the cellar to go with a dish."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--dish",
    type=str,
    required=True,
    help="Dish to be served",
)
parser.add_argument(
    "--max_bottles",
    type=int,
    default=3,
    help="Maximum number of suggestions",
)
parser.add_argument(
    "--budget",
    choices=["everyday", "special", "any"],
    default="any",
    help="Which bottles may be suggested",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
