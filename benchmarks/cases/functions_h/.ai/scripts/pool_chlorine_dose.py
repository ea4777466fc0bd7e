"""Calculate how much chlorine product is needed to raise a pool's free chlorine to a target level."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--volume_litres",
    type=float,
    required=True,
    help="Pool water volume in litres",
)
parser.add_argument(
    "--current_ppm",
    type=float,
    required=True,
    help="Current free chlorine reading in ppm",
)
parser.add_argument(
    "--target_ppm",
    type=float,
    required=True,
    help="Target free chlorine in ppm (typically 1-5)",
)
parser.add_argument(
    "--product",
    choices=["liquid", "granular", "tablets"],
    default="liquid",
    help="Form of chlorine product to dose with",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
