"""Calculate how much pesticide concentrate to mix into a sprayer tank."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--product",
    type=str,
    required=True,
    help="Product name as printed on the label",
)
parser.add_argument(
    "--tank_litres",
    type=float,
    required=True,
    help="Sprayer tank volume in litres",
)
parser.add_argument(
    "--rate_ml_per_litre",
    type=float,
    required=True,
    help="Label rate in mL of concentrate per litre of water",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
