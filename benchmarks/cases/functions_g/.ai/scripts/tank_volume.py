"""Calculate the water volume of a rectangular aquarium in litres."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--length_cm",
    type=float,
    required=True,
    help="Inside length in centimetres",
)
parser.add_argument(
    "--width_cm",
    type=float,
    required=True,
    help="Inside width (front to back) in centimetres",
)
parser.add_argument(
    "--height_cm",
    type=float,
    required=True,
    help="Water height in centimetres",
)
parser.add_argument(
    "--substrate_depth_cm",
    type=float,
    default=0.0,
    help="Depth of gravel or sand to subtract, in centimetres",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
