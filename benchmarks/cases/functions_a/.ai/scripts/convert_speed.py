"""Convert a speed between km/h, miles per hour, metres per second and knots."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--value", type=float, required=True, help="The speed to convert")
parser.add_argument(
    "--from_unit",
    required=True,
    choices=["kmh", "mph", "mps", "knots"],
    help="Unit of the given speed (mps is metres per second)",
)
parser.add_argument(
    "--to_unit",
    required=True,
    choices=["kmh", "mph", "mps", "knots"],
    help="Unit to convert into",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
