"""Compute the area of a triangle from its base and perpendicular height."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--base", type=float, required=True, help="Length of the base")
parser.add_argument(
    "--height",
    type=float,
    required=True,
    help="Perpendicular height from the base to the opposite corner",
)
parser.add_argument(
    "--unit",
    choices=["mm", "cm", "m", "km", "in", "ft"],
    default="m",
    help="Length unit of base and height",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
