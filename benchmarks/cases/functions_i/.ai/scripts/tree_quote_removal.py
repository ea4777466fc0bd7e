"""Price the felling and removal of a tree."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--height_m",
    type=float,
    required=True,
    help="Estimated tree height in metres",
)
parser.add_argument(
    "--trunk_diameter_cm",
    type=float,
    required=True,
    help="Trunk diameter at breast height in centimetres",
)
parser.add_argument(
    "--access",
    choices=["open", "restricted", "crane_required"],
    default="open",
    help="Site access for equipment: open, restricted (narrow gate, no machinery) or crane_required",
)
parser.add_argument(
    "--stump_grinding",
    action="store_true",
    help="Include grinding the stump below ground level",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
