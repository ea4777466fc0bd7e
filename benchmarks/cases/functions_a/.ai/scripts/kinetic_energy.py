"""Compute the kinetic energy of a moving object from its mass and speed."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--mass", type=float, required=True, help="Mass of the object in kilograms")
parser.add_argument(
    "--velocity",
    type=float,
    required=True,
    help="Speed of the object in metres per second",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
