"""Compute a daily calorie target from weight, height, age, sex and goal."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--weight_kg", type=float, required=True, help="Body weight, in kilograms")
parser.add_argument("--height_cm", type=float, required=True, help="Height, in centimetres")
parser.add_argument("--age", type=int, required=True, help="Age in years")
parser.add_argument(
    "--sex",
    required=True,
    choices=["female", "male"],
    help="Sex used by the formula",
)
parser.add_argument(
    "--goal",
    choices=["lose", "maintain", "gain"],
    default="maintain",
    help="Weight goal",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
