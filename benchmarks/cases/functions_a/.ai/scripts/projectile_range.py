"""Compute how far and how high a projectile flies from its launch speed and angle."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--initial_velocity",
    type=float,
    required=True,
    help="Launch speed in metres per second",
)
parser.add_argument(
    "--launch_angle",
    type=float,
    required=True,
    help="Launch angle above the horizontal, in degrees",
)
parser.add_argument(
    "--gravity",
    type=float,
    default=9.81,
    help="Gravitational acceleration in m/s^2 (Earth by default)",
)
parser.add_argument(
    "--launch_height",
    type=float,
    default=0.0,
    help="Height above the ground at launch, in metres",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
