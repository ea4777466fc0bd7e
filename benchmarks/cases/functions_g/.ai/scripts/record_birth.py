"""Register a newborn calf, lamb or kid in the herd book."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--dam_tag",
    type=str,
    required=True,
    help="Ear tag of the mother",
)
parser.add_argument(
    "--birth_date",
    type=str,
    required=True,
    help="Date of birth, YYYY-MM-DD",
)
parser.add_argument(
    "--sex",
    choices=["male", "female"],
    required=True,
    help="Sex of the newborn",
)
parser.add_argument(
    "--birth_weight_kg",
    type=float,
    help="Birth weight in kilograms",
)
parser.add_argument(
    "--sire_tag",
    type=str,
    help="Ear tag or herd-book id of the sire, if known",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
