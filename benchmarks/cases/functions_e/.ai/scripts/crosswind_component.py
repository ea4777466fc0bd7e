"""Calculate the crosswind and headwind components for a runway."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--wind_direction_deg",
    type=int,
    required=True,
    help="Direction the wind blows from, in degrees",
)
parser.add_argument("--wind_speed_kt", type=float, required=True, help="Wind speed in knots")
parser.add_argument(
    "--runway_heading_deg",
    type=int,
    required=True,
    help="Magnetic heading of the runway in degrees",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
