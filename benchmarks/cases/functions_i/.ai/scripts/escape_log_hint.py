"""Log a hint given to a team during a live session."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--session_code",
    type=str,
    required=True,
    help="Session code, e.g. ER-1020",
)
parser.add_argument(
    "--puzzle",
    type=str,
    required=True,
    help="Name of the puzzle the hint was for",
)
parser.add_argument(
    "--minutes_elapsed",
    type=int,
    required=True,
    help="Minutes into the game when the hint was given",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
