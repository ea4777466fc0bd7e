"""List a team's upcoming fixtures with dates, venues and kick-off times."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--team_name", required=True, help="Name of the team")
parser.add_argument(
    "--venue",
    choices=["home", "away", "all"],
    default="all",
    help="Only home games, only away games, or both",
)
parser.add_argument("--count", type=int, default=5, help="How many fixtures to list")
args = parser.parse_args()
print(json.dumps(vars(args)))
