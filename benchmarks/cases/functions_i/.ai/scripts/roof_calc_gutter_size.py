"""Calculate the gutter width and downspout count for a drainage area."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--drainage_area_sqft",
    type=float,
    required=True,
    help="Roof area draining to the gutter run, in square feet",
)
parser.add_argument(
    "--rainfall_in_per_hr",
    type=float,
    required=True,
    help="Design rainfall intensity in inches per hour",
)
parser.add_argument(
    "--profile",
    choices=["k_style", "half_round"],
    default="k_style",
    help="Gutter profile",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
