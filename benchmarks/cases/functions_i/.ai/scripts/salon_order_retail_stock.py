"""Place a reorder for retail hair products with a supplier."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--product_sku",
    type=str,
    required=True,
    help="Supplier SKU, e.g. OL-3308",
)
parser.add_argument(
    "--quantity",
    type=int,
    required=True,
    help="Number of units to order",
)
parser.add_argument(
    "--supplier",
    type=str,
    default="Luxe Beauty Supply",
    help="Supplier name",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
