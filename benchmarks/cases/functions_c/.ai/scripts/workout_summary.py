"""Summarise past workouts: total distance, time or sessions over a period."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--activity",
    choices=["running", "cycling", "swimming", "walking", "rowing", "strength", "yoga", "hiking"],
    help="Only this kind of workout; all when left out",
)
parser.add_argument(
    "--period",
    choices=["week", "month", "year"],
    default="week",
    help="Period to sum over",
)
parser.add_argument(
    "--metric",
    choices=["distance", "duration", "sessions", "calories"],
    default="distance",
    help="What to total",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
