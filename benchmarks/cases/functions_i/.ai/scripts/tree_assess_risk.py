"""Score the failure risk of a single tree from its size, lean and surroundings."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--species",
    type=str,
    required=True,
    help="Common name of the tree species",
)
parser.add_argument(
    "--trunk_diameter_cm",
    type=float,
    required=True,
    help="Trunk diameter at breast height (1.4 m) in centimetres",
)
parser.add_argument(
    "--lean_degrees",
    type=float,
    default=0,
    help="Lean from vertical in degrees",
)
parser.add_argument(
    "--near_structure",
    action="store_true",
    help="Tree could strike a building, vehicle or other target if it fails",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
