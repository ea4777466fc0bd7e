"""Estimate how many litres of drinking water to carry on a hike."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--hours",
    type=float,
    required=True,
    help="Expected time on the trail in hours",
)
parser.add_argument(
    "--temperature_c",
    type=float,
    required=True,
    help="Expected air temperature in degrees Celsius",
)
parser.add_argument(
    "--exertion",
    choices=["easy", "moderate", "strenuous"],
    default="moderate",
    help="How hard the hike is",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
