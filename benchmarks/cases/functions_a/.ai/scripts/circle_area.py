"""Compute the area and circumference of a circle from its radius."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--radius", type=float, required=True, help="Radius of the circle")
parser.add_argument(
    "--unit",
    choices=["mm", "cm", "m", "km", "in", "ft"],
    default="m",
    help="Length unit of the radius; the area is given in that unit squared",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
