"""Convert a cooking quantity between cups, spoons, millilitres and grams for an ingredient."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--amount", type=float, required=True, help="The quantity to convert")
parser.add_argument(
    "--from_measure",
    required=True,
    choices=["cup", "tbsp", "tsp", "ml", "l", "g", "oz", "fl_oz"],
    help="Measure of the given quantity",
)
parser.add_argument(
    "--to_measure",
    required=True,
    choices=["cup", "tbsp", "tsp", "ml", "l", "g", "oz", "fl_oz"],
    help="Measure to convert into",
)
parser.add_argument(
    "--ingredient",
    default="water",
    help="Ingredient, for converting between volume and weight (flour, sugar, butter...)",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
