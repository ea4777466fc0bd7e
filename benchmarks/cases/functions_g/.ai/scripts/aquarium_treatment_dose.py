"""Compute the dose of a disease treatment for an aquarium."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--treatment",
    choices=["ich", "fin_rot", "velvet", "fungus"],
    required=True,
    help="Disease being treated",
)
parser.add_argument(
    "--tank_litres",
    type=float,
    required=True,
    help="Tank volume in litres",
)
parser.add_argument(
    "--has_invertebrates",
    choices=["yes", "no"],
    default="no",
    help="Whether shrimp, snails or other invertebrates live in the tank",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
