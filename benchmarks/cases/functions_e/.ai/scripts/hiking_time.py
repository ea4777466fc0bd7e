"""Estimate how long a hike takes from its distance and total ascent."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--distance_km", type=float, required=True, help="Length of the route in km")
parser.add_argument("--ascent_m", type=float, required=True, help="Total elevation gain in metres")
parser.add_argument(
    "--pace",
    choices=["slow", "average", "fast"],
    default="average",
    help="Walking pace of the group",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
