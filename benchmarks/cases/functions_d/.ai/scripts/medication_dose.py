"""Calculate a pet's medication dose in milligrams from its weight and the prescribed rate."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--drug", required=True, help="Name of the medication")
parser.add_argument(
    "--weight_kg",
    type=float,
    required=True,
    help="Body weight of the pet in kilograms",
)
parser.add_argument(
    "--dose_mg_per_kg",
    type=float,
    required=True,
    help="Prescribed dose in milligrams per kilogram",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
