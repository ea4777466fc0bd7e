"""Calculate the daily feed ration for a group of farm animals."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--species",
    choices=["cattle", "sheep", "goat", "pig"],
    required=True,
    help="Species being fed",
)
parser.add_argument(
    "--head_count",
    type=int,
    required=True,
    help="Number of animals in the group",
)
parser.add_argument(
    "--avg_weight_kg",
    type=float,
    required=True,
    help="Average live weight per animal in kilograms",
)
parser.add_argument(
    "--stage",
    choices=["maintenance", "growing", "lactating", "finishing"],
    default="maintenance",
    help="Production stage of the group",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
