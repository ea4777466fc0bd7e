"""Get the standings table of a league for the current or a past season."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--league",
    required=True,
    help="Name of the league, such as La Liga or the NBA",
)
parser.add_argument("--season", help="Season, such as 2024-25; the current one when left out")
parser.add_argument("--top", type=int, help="Show only the first N teams")
args = parser.parse_args()
print(json.dumps(vars(args)))
