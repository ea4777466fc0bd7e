"""Suggest a stain removal method for a stain on a given fabric."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--stain",
    type=str,
    required=True,
    help="What caused the stain, e.g. red wine, grass, motor oil",
)
parser.add_argument(
    "--fabric",
    type=str,
    required=True,
    help="Fabric of the stained item, e.g. cotton, silk",
)
parser.add_argument(
    "--stain_age_hours",
    type=float,
    default=1.0,
    help="Approximate age of the stain in hours",
)
parser.add_argument(
    "--colorfast",
    action="store_true",
    help="Fabric is known to be colourfast",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
