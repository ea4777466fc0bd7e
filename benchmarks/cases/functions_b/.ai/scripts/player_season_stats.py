"""Look up a player's statistics for one season."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--player_name", required=True, help="Full name of the player")
parser.add_argument("--season", required=True, help="Season, such as 2025 or 2024-25")
parser.add_argument(
    "--sport",
    choices=["soccer", "basketball", "baseball", "ice_hockey", "american_football", "cricket"],
    help="Sport, when the name alone is ambiguous",
)
parser.add_argument(
    "--competition",
    help="League or cup to restrict to; all competitions when left out",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
