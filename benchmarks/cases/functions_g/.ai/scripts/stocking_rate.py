"""Estimate how many grazing animals a pasture can carry for a season."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--pasture_hectares",
    type=float,
    required=True,
    help="Grazing area in hectares",
)
parser.add_argument(
    "--forage_yield_kg_per_ha",
    type=float,
    default=3000.0,
    help="Usable forage dry matter per hectare in kilograms",
)
parser.add_argument(
    "--grazing_days",
    type=int,
    default=180,
    help="Length of the grazing season in days",
)
parser.add_argument(
    "--animal_unit",
    choices=["cow", "ewe", "goat"],
    default="cow",
    help="Kind of animal to count",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
