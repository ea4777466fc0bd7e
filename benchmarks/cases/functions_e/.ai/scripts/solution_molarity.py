"""Calculate the molar concentration of a solution from moles of solute and volume."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--solute_moles",
    type=float,
    required=True,
    help="Amount of dissolved solute in moles",
)
parser.add_argument(
    "--volume_liters",
    type=float,
    required=True,
    help="Final volume of the solution in litres",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
