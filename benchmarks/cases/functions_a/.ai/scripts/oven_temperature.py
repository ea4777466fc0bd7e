"""Convert an oven setting between Celsius, Fahrenheit, fan oven and gas mark."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--temperature", type=float, required=True, help="The oven setting to convert")
parser.add_argument(
    "--from_scale",
    required=True,
    choices=["celsius", "fahrenheit", "fan_celsius", "gas_mark"],
    help="Scale of the given setting",
)
parser.add_argument(
    "--to_scale",
    required=True,
    choices=["celsius", "fahrenheit", "fan_celsius", "gas_mark"],
    help="Scale to convert into",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
