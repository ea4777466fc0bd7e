"""Order consumable supplies for the dental clinic from a supplier."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--item",
    type=str,
    required=True,
    help="Supply item name or catalogue code",
)
parser.add_argument(
    "--quantity",
    type=int,
    required=True,
    help="Number of units or boxes to order",
)
parser.add_argument(
    "--supplier",
    type=str,
    help="Supplier to order from",
)
parser.add_argument(
    "--rush_delivery",
    choices=["yes", "no"],
    default="no",
    help="Ship by express delivery",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
