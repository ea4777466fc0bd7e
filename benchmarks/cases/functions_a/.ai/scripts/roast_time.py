"""Estimate the roasting time for a cut of meat from its weight and doneness."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--meat",
    required=True,
    choices=["beef", "lamb", "pork", "chicken", "turkey", "duck"],
    help="Kind of meat",
)
parser.add_argument(
    "--weight_kg",
    type=float,
    required=True,
    help="Weight of the joint in kilograms",
)
parser.add_argument(
    "--doneness",
    choices=["rare", "medium_rare", "medium", "well_done"],
    default="medium",
    help="How cooked it should be (poultry is always cooked through)",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
