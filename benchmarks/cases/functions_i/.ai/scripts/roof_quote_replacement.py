"""Price a full roof replacement job for a customer."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--address",
    type=str,
    required=True,
    help="Street address of the property",
)
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
    help="New roof covering",
)
parser.add_argument(
    "--tear_off_layers",
    type=int,
    default=1,
    help="Existing layers to strip, 0-3",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
