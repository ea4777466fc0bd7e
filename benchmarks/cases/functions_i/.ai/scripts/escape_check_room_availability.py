"""Check whether an escape room has open slots for a group on a date, without booking."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--room",
    type=str,
    required=True,
    help="Room name",
)
parser.add_argument(
    "--date",
    type=str,
    required=True,
    help="Date as YYYY-MM-DD",
)
parser.add_argument(
    "--players",
    type=int,
    required=True,
    help="Number of players, 2-10",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
