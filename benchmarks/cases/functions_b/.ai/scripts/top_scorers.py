"""List the leading scorers of a league for a season."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--league", required=True, help="Name of the league")
parser.add_argument("--season", help="Season, such as 2024-25; the current one when left out")
parser.add_argument("--limit", type=int, default=10, help="How many players to list")
args = parser.parse_args()
print(json.dumps(vars(args)))
