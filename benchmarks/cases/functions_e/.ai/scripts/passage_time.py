"""Estimate how long a sailing passage takes at a given boat speed."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--distance_nm",
    type=float,
    required=True,
    help="Passage distance in nautical miles",
)
parser.add_argument(
    "--boat_speed_kt",
    type=float,
    required=True,
    help="Boat speed through the water in knots",
)
parser.add_argument(
    "--current_kt",
    type=float,
    default=0.0,
    help="Current along the route in knots, negative when it is against you",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
