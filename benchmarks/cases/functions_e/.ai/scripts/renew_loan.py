"""Extend the due date of a borrowed library item."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--item_barcode", required=True, help="Barcode printed on the borrowed item")
parser.add_argument("--weeks", type=int, default=2, help="How many weeks to extend the loan by")
args = parser.parse_args()
print(json.dumps(vars(args)))
