"""Estimate how much wood finish is needed to cover a surface."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--surface_area_sqft",
    type=float,
    required=True,
    help="Area to be finished in square feet",
)
parser.add_argument(
    "--coats",
    type=int,
    default=2,
    help="Number of coats",
)
parser.add_argument(
    "--finish",
    choices=["polyurethane", "oil_stain", "gel_stain", "danish_oil", "shellac", "lacquer"],
    default="polyurethane",
    help="Type of finish",
)
parser.add_argument(
    "--container_size",
    choices=["quart", "gallon"],
    default="quart",
    help="Can size to round the result up to",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
