"""Compute the fuel a light aircraft needs for a leg, including the reserve."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--distance_nm",
    type=float,
    required=True,
    help="Leg distance in nautical miles",
)
parser.add_argument(
    "--cruise_speed_kt",
    type=float,
    required=True,
    help="True airspeed in cruise, in knots",
)
parser.add_argument(
    "--fuel_burn_gph",
    type=float,
    required=True,
    help="Fuel burn in US gallons per hour",
)
parser.add_argument(
    "--reserve_minutes",
    type=int,
    default=45,
    help="Fuel reserve to carry, in minutes of flight",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
