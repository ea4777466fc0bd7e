"""Estimate the fuel cost of a road trip."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--distance_km", type=float, required=True, help="Trip distance in kilometres")
parser.add_argument(
    "--consumption_l_per_100km",
    type=float,
    required=True,
    help="Fuel use in litres per 100 km",
)
parser.add_argument("--fuel_price", type=float, required=True, help="Price of fuel per litre")
args = parser.parse_args()
print(json.dumps(vars(args)))
