"""Estimate the remaining life of brake pads from their thickness and distance driven."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--pad_thickness_mm",
    type=float,
    required=True,
    help="Measured pad thickness in millimetres",
)
parser.add_argument(
    "--km_since_replacement",
    type=int,
    required=True,
    help="Kilometres driven since the pads were fitted",
)
parser.add_argument(
    "--axle",
    choices=["front", "rear"],
    default="front",
    help="Which axle the pads are on",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
