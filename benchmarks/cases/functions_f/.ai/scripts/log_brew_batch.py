"""Record a new brew batch in the brewery logbook."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--recipe_name",
    type=str,
    required=True,
    help="Name of the recipe brewed",
)
parser.add_argument(
    "--brew_date",
    type=str,
    required=True,
    help="Brew day date (YYYY-MM-DD)",
)
parser.add_argument(
    "--batch_volume_l",
    type=float,
    help="Volume into the fermenter in litres",
)
parser.add_argument(
    "--style",
    type=str,
    help="Beer style",
)
parser.add_argument(
    "--yeast",
    type=str,
    help="Yeast strain pitched",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
