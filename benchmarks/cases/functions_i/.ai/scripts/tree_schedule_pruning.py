"""Schedule a pruning crew visit to a property."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--address",
    type=str,
    required=True,
    help="Street address of the property",
)
parser.add_argument(
    "--date",
    type=str,
    required=True,
    help="Visit date as YYYY-MM-DD",
)
parser.add_argument(
    "--pruning_type",
    choices=["crown_thin", "crown_raise", "crown_reduction", "deadwood"],
    required=True,
    help="Pruning work: crown_thin, crown_raise (lift low limbs), crown_reduction or deadwood removal",
)
parser.add_argument(
    "--tree_count",
    type=int,
    default=1,
    help="Number of trees to prune",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
