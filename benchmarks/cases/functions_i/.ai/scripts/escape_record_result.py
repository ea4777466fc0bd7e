"""Record a team's finish on the escape room leaderboard."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--team_name",
    type=str,
    required=True,
    help="Team name as it should appear on the leaderboard",
)
parser.add_argument(
    "--room",
    type=str,
    required=True,
    help="Room name",
)
parser.add_argument(
    "--finish_time",
    type=str,
    required=True,
    help="Time taken as MM:SS",
)
parser.add_argument(
    "--hints_used",
    type=int,
    default=0,
    help="Number of hints the team asked for",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
