"""Estimate the depreciated value of an item for an insurance claim."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--purchase_price", type=float, required=True, help="What the item cost new")
parser.add_argument("--age_years", type=float, required=True, help="Age of the item in years")
parser.add_argument(
    "--annual_rate",
    type=float,
    default=10.0,
    help="Depreciation per year, in percent",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
