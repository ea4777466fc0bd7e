"""Place an order with the chemical stockroom for a reagent."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--chemical", required=True, help="Name of the chemical to order")
parser.add_argument("--quantity_g", type=float, required=True, help="Amount to order in grams")
parser.add_argument(
    "--grade",
    choices=["reagent", "analytical", "technical"],
    default="reagent",
    help="Purity grade of the chemical",
)
parser.add_argument("--lab_room", help="Room number the order should be delivered to")
args = parser.parse_args()
print(json.dumps(vars(args)))
