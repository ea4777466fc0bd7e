"""Convert a car's fuel consumption between miles per gallon and litres per 100 km."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--value",
    type=float,
    required=True,
    help="The fuel consumption figure to convert",
)
parser.add_argument(
    "--from_unit",
    required=True,
    choices=["mpg_us", "mpg_uk", "l_per_100km", "km_per_l"],
    help="Unit of the given figure (US or imperial gallons, l/100km, km/l)",
)
parser.add_argument(
    "--to_unit",
    required=True,
    choices=["mpg_us", "mpg_uk", "l_per_100km", "km_per_l"],
    help="Unit to convert into",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
