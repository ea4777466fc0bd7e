"""Search apartments and houses for rent by city, monthly rent, bedrooms and pets."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--city", required=True, help="City or neighbourhood")
parser.add_argument("--max_rent", type=float, help="Highest monthly rent")
parser.add_argument("--bedrooms", type=int, help="Minimum number of bedrooms")
parser.add_argument(
    "--pets",
    choices=["yes", "no"],
    help="Only places that allow pets",
)
parser.add_argument(
    "--furnished",
    choices=["yes", "no"],
    help="Furnished or not",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
