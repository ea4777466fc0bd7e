"""Work out a hair colour and developer formula to move a client from their current level to a target level."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--current_level",
    type=int,
    required=True,
    help="Natural or current colour level, 1 (black) to 10 (lightest blonde)",
)
parser.add_argument(
    "--target_level",
    type=int,
    required=True,
    help="Desired colour level, 1-10",
)
parser.add_argument(
    "--grey_percent",
    type=int,
    default=0,
    help="Percentage of grey hair to cover, 0-100",
)
parser.add_argument(
    "--developer_volume",
    type=int,
    choices=[10, 20, 30, 40],
    default=20,
    help="Developer strength in volume",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
