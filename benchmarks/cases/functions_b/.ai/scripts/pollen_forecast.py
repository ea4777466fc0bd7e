"""Get the pollen count forecast for a city."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--city", required=True, help="Name of the city")
parser.add_argument(
    "--pollen_type",
    choices=["grass", "tree", "weed", "all"],
    default="all",
    help="Kind of pollen",
)
parser.add_argument("--days", type=int, default=1, help="Number of days ahead")
args = parser.parse_args()
print(json.dumps(vars(args)))
