"""Report a broken or malfunctioning streetlight to the city."""

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
    "--pole_number",
    type=str,
    help="Number printed on the light pole",
)
parser.add_argument(
    "--problem",
    choices=["out", "flickering", "on_during_day", "damaged"],
    default="out",
    help="What is wrong with the light",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
