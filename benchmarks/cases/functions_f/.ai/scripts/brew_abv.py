"""Calculate the alcohol by volume of a beer or wine from its gravity readings."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--original_gravity",
    type=float,
    required=True,
    help="Specific gravity before fermentation, e.g. 1.050",
)
parser.add_argument(
    "--final_gravity",
    type=float,
    required=True,
    help="Specific gravity after fermentation, e.g. 1.010",
)
parser.add_argument(
    "--formula",
    choices=["standard", "alternate"],
    default="standard",
    help="ABV formula to use",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
