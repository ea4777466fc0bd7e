"""Open a new equipment rental for a customer."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--package",
    choices=["basic", "performance", "demo"],
    required=True,
    help="Rental package tier",
)
parser.add_argument(
    "--boot_size_mondo",
    type=float,
    required=True,
    help="Boot size in Mondopoint, e.g. 26.5",
)
parser.add_argument(
    "--days",
    type=int,
    required=True,
    help="Rental length in days",
)
parser.add_argument(
    "--helmet",
    action="store_true",
    help="Add a helmet",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
