"""Show how a product's price has changed at a store over recent days."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--product", required=True, help="Name of the product")
parser.add_argument("--store", help="Store to check; every tracked store when left out")
parser.add_argument("--days", type=int, default=90, help="How many days back to look")
args = parser.parse_args()
print(json.dumps(vars(args)))
