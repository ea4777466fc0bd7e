"""Record a finished workout with its activity, duration and distance."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--activity",
    required=True,
    choices=["running", "cycling", "swimming", "walking", "rowing", "strength", "yoga", "hiking"],
    help="Kind of workout",
)
parser.add_argument(
    "--duration_minutes",
    type=int,
    required=True,
    help="How long it lasted, in minutes",
)
parser.add_argument("--distance_km", type=float, help="Distance covered, in kilometres")
parser.add_argument("--avg_heart_rate", type=int, help="Average heart rate, in beats per minute")
parser.add_argument("--date", help="Day of the workout, YYYY-MM-DD; today when left out")
args = parser.parse_args()
print(json.dumps(vars(args)))
