"""Convert a temperature between Celsius, Fahrenheit and Kelvin."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--value", type=float, required=True, help="The temperature to convert")
parser.add_argument(
    "--from_scale",
    required=True,
    choices=["celsius", "fahrenheit", "kelvin"],
    help="Scale of the given temperature",
)
parser.add_argument(
    "--to_scale",
    required=True,
    choices=["celsius", "fahrenheit", "kelvin"],
    help="Scale to convert into",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
