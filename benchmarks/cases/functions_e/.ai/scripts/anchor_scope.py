"""Calculate how much anchor rode to let out for a given depth."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--water_depth_m",
    type=float,
    required=True,
    help="Depth of water at the anchorage in metres",
)
parser.add_argument(
    "--bow_height_m",
    type=float,
    default=1.0,
    help="Height of the bow roller above the water in metres",
)
parser.add_argument(
    "--rode",
    choices=["chain", "rope"],
    default="chain",
    help="Type of anchor rode",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
