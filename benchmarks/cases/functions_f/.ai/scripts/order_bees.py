"""Order a bee package, nucleus colony or queen from the apiary supplier."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--colony_type",
    choices=["package", "nuc", "queen"],
    default="package",
    help="What to order: package bees, a nuc (nucleus colony) or a queen alone",
)
parser.add_argument(
    "--quantity",
    type=int,
    default=1,
    help="How many to order",
)
parser.add_argument(
    "--breed",
    choices=["italian", "carniolan", "buckfast", "russian", "saskatraz"],
    default="italian",
    help="Honey bee strain",
)
parser.add_argument(
    "--pickup_date",
    type=str,
    help="Date to collect the bees (YYYY-MM-DD)",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
