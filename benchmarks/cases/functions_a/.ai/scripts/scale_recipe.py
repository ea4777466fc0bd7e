"""Scale a recipe's ingredient quantities from one number of servings to another."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--recipe", required=True, help="Name of the recipe in the cookbook")
parser.add_argument("--servings", type=int, required=True, help="Number of servings wanted")
parser.add_argument(
    "--original_servings",
    type=int,
    help="Servings the recipe makes as written; read from the recipe when left out",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
