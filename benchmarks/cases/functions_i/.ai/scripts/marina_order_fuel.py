"""Order a fuel dock delivery to a boat's slip."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--slip_number",
    type=str,
    required=True,
    help="Slip identifier, e.g. C-14",
)
parser.add_argument(
    "--fuel",
    choices=["diesel", "gasoline_89", "gasoline_93"],
    required=True,
    help="Fuel grade",
)
parser.add_argument(
    "--gallons",
    type=float,
    required=True,
    help="Quantity in US gallons",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
