"""Compute the area and perimeter of a rectangle from its length and width."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--length", type=float, required=True, help="Length of the longer side")
parser.add_argument("--width", type=float, required=True, help="Length of the shorter side")
parser.add_argument(
    "--unit",
    choices=["mm", "cm", "m", "km", "in", "ft"],
    default="m",
    help="Length unit of both sides",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
