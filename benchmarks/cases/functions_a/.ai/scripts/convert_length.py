"""Convert a distance or length from one unit to another."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--value", type=float, required=True, help="The length to convert")
parser.add_argument(
    "--from_unit",
    required=True,
    choices=["mm", "cm", "m", "km", "in", "ft", "yd", "mi", "nmi"],
    help="Unit of the given length",
)
parser.add_argument(
    "--to_unit",
    required=True,
    choices=["mm", "cm", "m", "km", "in", "ft", "yd", "mi", "nmi"],
    help="Unit to convert into",
)
parser.add_argument("--decimals", type=int, default=2, help="Decimal places in the result")
args = parser.parse_args()
print(json.dumps(vars(args)))
