"""Calculate the board feet of lumber in a number of identical boards."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--thickness_in",
    type=float,
    required=True,
    help="Board thickness in inches",
)
parser.add_argument(
    "--width_in",
    type=float,
    required=True,
    help="Board width in inches",
)
parser.add_argument(
    "--length_ft",
    type=float,
    required=True,
    help="Board length in feet",
)
parser.add_argument(
    "--pieces",
    type=int,
    default=1,
    help="Number of boards",
)
parser.add_argument(
    "--price_per_board_foot",
    type=float,
    help="Lumber price per board foot, to also total the cost",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
