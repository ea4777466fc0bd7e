"""Compute the varroa mite infestation rate from a mite sample."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--mites_counted",
    type=int,
    required=True,
    help="Number of mites found in the sample",
)
parser.add_argument(
    "--bees_sampled",
    type=int,
    default=300,
    help="Number of bees in the sample (about 300 in half a cup)",
)
parser.add_argument(
    "--method",
    choices=["alcohol_wash", "sugar_roll", "sticky_board"],
    default="alcohol_wash",
    help="Sampling method",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
