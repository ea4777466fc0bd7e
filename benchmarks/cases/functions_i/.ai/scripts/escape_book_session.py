"""Book a team into an escape room session."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--room",
    type=str,
    required=True,
    help="Room name, e.g. Submarine 9",
)
parser.add_argument(
    "--date",
    type=str,
    required=True,
    help="Session date as YYYY-MM-DD",
)
parser.add_argument(
    "--start_time",
    type=str,
    required=True,
    help="Start time as HH:MM, 24-hour clock",
)
parser.add_argument(
    "--players",
    type=int,
    required=True,
    help="Number of players, 2-10",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
