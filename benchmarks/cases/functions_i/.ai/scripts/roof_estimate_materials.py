"""Estimate the quantity of roofing materials needed for a roof area."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--roof_area_sqft",
    type=float,
    required=True,
    help="Roof surface area in square feet",
)
parser.add_argument(
    "--material",
    choices=["asphalt_shingle", "metal", "clay_tile", "slate", "epdm"],
    required=True,
    help="Roof covering",
)
parser.add_argument(
    "--waste_percent",
    type=float,
    default=10,
    help="Waste allowance in percent",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
