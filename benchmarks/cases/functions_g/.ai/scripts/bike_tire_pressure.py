"""Suggest front and rear tire pressures for a rider, tire width and surface."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--rider_weight_kg",
    type=float,
    required=True,
    help="Rider weight in kilograms",
)
parser.add_argument(
    "--tire_width_mm",
    type=int,
    required=True,
    help="Tire width in millimetres",
)
parser.add_argument(
    "--surface",
    choices=["road", "gravel", "mixed", "wet"],
    default="road",
    help="Riding surface",
)
parser.add_argument(
    "--tubeless",
    choices=["yes", "no"],
    default="no",
    help="Whether the tires are set up tubeless",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
