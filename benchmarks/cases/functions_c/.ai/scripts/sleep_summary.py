"""Show sleep duration, quality or heart rate from the tracker for recent nights."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--nights", type=int, default=7, help="Number of nights to cover")
parser.add_argument(
    "--metric",
    choices=["duration", "quality", "heart_rate", "stages"],
    default="duration",
    help="What to show",
)
parser.add_argument(
    "--end_date",
    help="Last night to include, YYYY-MM-DD; last night when left out",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
