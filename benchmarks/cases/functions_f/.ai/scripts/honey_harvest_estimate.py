"""Estimate the honey yield from the supers ready for extraction."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--supers",
    type=int,
    required=True,
    help="Number of honey supers",
)
parser.add_argument(
    "--frames_per_super",
    type=int,
    default=10,
    help="Frames in each super",
)
parser.add_argument(
    "--frame_depth",
    choices=["deep", "medium", "shallow"],
    default="medium",
    help="Depth of the super frames",
)
parser.add_argument(
    "--capped_pct",
    type=float,
    default=100.0,
    help="Share of the comb that is capped, in percent",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
