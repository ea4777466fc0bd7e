"""Search homes for sale by city, price range, bedrooms and property type."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--city", required=True, help="City or neighbourhood")
parser.add_argument("--min_price", type=float, help="Lowest asking price")
parser.add_argument("--max_price", type=float, help="Highest asking price")
parser.add_argument("--bedrooms", type=int, help="Minimum number of bedrooms")
parser.add_argument(
    "--property_type",
    choices=["house", "condo", "townhouse", "apartment", "land"],
    help="Kind of property",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
