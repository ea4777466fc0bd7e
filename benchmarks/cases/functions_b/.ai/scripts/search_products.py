"""Search a store's catalogue for products, with a price limit and sort order."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--query", required=True, help="What to look for")
parser.add_argument("--max_price", type=float, help="Highest price to show")
parser.add_argument(
    "--category",
    choices=["electronics", "home", "clothing", "sports", "toys", "books", "beauty", "grocery"],
    help="Department to search in",
)
parser.add_argument(
    "--sort_by",
    choices=["relevance", "price_low", "price_high", "rating", "newest"],
    default="relevance",
    help="Order of the results",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
