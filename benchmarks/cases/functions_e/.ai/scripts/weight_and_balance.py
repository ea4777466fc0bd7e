"""Check the takeoff weight and centre of gravity of a light aircraft."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--aircraft",
    required=True,
    choices=["C172", "PA28", "SR22", "DA40"],
    help="Aircraft type",
)
parser.add_argument("--pilot_kg", type=float, required=True, help="Weight of the pilot in kg")
parser.add_argument(
    "--passengers_kg",
    type=float,
    default=0.0,
    help="Combined weight of the passengers in kg",
)
parser.add_argument("--fuel_gal", type=float, required=True, help="Fuel on board in US gallons")
parser.add_argument("--baggage_kg", type=float, default=0.0, help="Weight of the baggage in kg")
args = parser.parse_args()
print(json.dumps(vars(args)))
