"""Estimate the bitterness in IBU contributed by a hop addition."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--hop_weight_g",
    type=float,
    required=True,
    help="Weight of hops added in grams",
)
parser.add_argument(
    "--alpha_acid_pct",
    type=float,
    required=True,
    help="Alpha acid content of the hops in percent",
)
parser.add_argument(
    "--boil_minutes",
    type=int,
    default=60,
    help="Boil time of the addition in minutes",
)
parser.add_argument(
    "--batch_volume_l",
    type=float,
    required=True,
    help="Post-boil batch volume in litres",
)
parser.add_argument(
    "--original_gravity",
    type=float,
    default=1.05,
    help="Gravity of the wort during the boil",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
