"""Work out a pet's daily food portion from its species, weight and activity level."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--species",
    required=True,
    choices=["dog", "cat", "rabbit"],
    help="Kind of animal",
)
parser.add_argument("--weight_kg", type=float, required=True, help="Body weight in kilograms")
parser.add_argument(
    "--activity",
    choices=["low", "normal", "high"],
    default="normal",
    help="How active the pet is day to day",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
