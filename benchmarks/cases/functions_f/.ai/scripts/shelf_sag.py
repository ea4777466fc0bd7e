"""Calculate how much a wooden shelf will sag under a load."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--span_in",
    type=float,
    required=True,
    help="Unsupported span between brackets in inches",
)
parser.add_argument(
    "--load_lb",
    type=float,
    required=True,
    help="Evenly spread load on the shelf in pounds",
)
parser.add_argument(
    "--species",
    choices=["pine", "poplar", "red_oak", "white_oak", "maple", "walnut", "birch_plywood", "mdf"],
    default="pine",
    help="Wood species or sheet material",
)
parser.add_argument(
    "--thickness_in",
    type=float,
    default=0.75,
    help="Shelf thickness in inches",
)
parser.add_argument(
    "--depth_in",
    type=float,
    default=10.0,
    help="Shelf depth front to back in inches",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
