"""Plan a public transport journey between two places, leaving or arriving at a given time."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--from_place",
    required=True,
    help="Where the journey starts: a stop, station or address",
)
parser.add_argument(
    "--to_place",
    required=True,
    help="Where the journey ends: a stop, station or address",
)
parser.add_argument("--depart_at", help="Leave at this time, HH:MM; now when left out")
parser.add_argument("--arrive_by", help="Arrive by this time, HH:MM")
parser.add_argument(
    "--mode",
    choices=["any", "bus", "train", "tram", "subway", "ferry"],
    default="any",
    help="Kind of transport to use",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
