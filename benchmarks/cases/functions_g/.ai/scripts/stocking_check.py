"""Check whether a planned group of fish fits an aquarium's capacity."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--tank_litres",
    type=float,
    required=True,
    help="Tank volume in litres",
)
parser.add_argument(
    "--species",
    type=str,
    required=True,
    help="Common name of the fish species",
)
parser.add_argument(
    "--fish_count",
    type=int,
    required=True,
    help="Number of fish planned",
)
parser.add_argument(
    "--filtration",
    choices=["standard", "strong", "canister"],
    default="standard",
    help="Filter capacity",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
