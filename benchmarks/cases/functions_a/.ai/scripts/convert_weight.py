"""Convert a mass or weight between metric and imperial units."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--value", type=float, required=True, help="The weight to convert")
parser.add_argument(
    "--from_unit",
    required=True,
    choices=["mg", "g", "kg", "t", "oz", "lb", "st"],
    help="Unit of the given weight (st is stone, t is metric tonne)",
)
parser.add_argument(
    "--to_unit",
    required=True,
    choices=["mg", "g", "kg", "t", "oz", "lb", "st"],
    help="Unit to convert into",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
