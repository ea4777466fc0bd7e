"""Compute the volume and surface area of a sphere from its radius or diameter."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--radius", type=float, help="Radius of the sphere (give this or --diameter)")
parser.add_argument("--diameter", type=float, help="Diameter of the sphere (give this or --radius)")
parser.add_argument(
    "--unit",
    choices=["mm", "cm", "m", "km", "in", "ft"],
    default="cm",
    help="Length unit of the radius or diameter",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
