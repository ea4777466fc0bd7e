"""Report a pothole to the city's street maintenance department."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--location",
    type=str,
    required=True,
    help="Street address or nearest intersection",
)
parser.add_argument(
    "--size",
    choices=["small", "medium", "large"],
    default="medium",
    help="Rough size of the pothole",
)
parser.add_argument(
    "--blocking_lane",
    choices=["yes", "no"],
    default="no",
    help="Whether the pothole blocks a traffic lane",
)
parser.add_argument(
    "--photo",
    type=str,
    help="File name of a photo of the pothole",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
