"""Quote the price of dry cleaning one type of garment."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--garment",
    choices=["shirt", "suit", "dress", "coat", "trousers", "wedding_gown", "curtains"],
    required=True,
    help="Garment type",
)
parser.add_argument(
    "--fabric",
    type=str,
    required=True,
    help="Main fabric, e.g. wool, silk, linen",
)
parser.add_argument(
    "--quantity",
    type=int,
    default=1,
    help="Number of garments",
)
parser.add_argument(
    "--express",
    action="store_true",
    help="Same-day express service",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
