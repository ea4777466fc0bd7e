"""Compute the calories, protein, fat and carbohydrates per serving of a recipe."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--recipe", required=True, help="Name of the recipe in the cookbook")
parser.add_argument(
    "--servings",
    type=int,
    required=True,
    help="Number of servings the dish is divided into",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
