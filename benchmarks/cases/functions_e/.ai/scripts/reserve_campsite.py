"""Book a drive-in campsite at a campground."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--campground", required=True, help="Name of the campground")
parser.add_argument("--arrival_date", required=True, help="Check-in date, YYYY-MM-DD")
parser.add_argument("--nights", type=int, default=1, help="Number of nights to stay")
parser.add_argument("--tent_count", type=int, default=1, help="Number of tents on the site")
args = parser.parse_args()
print(json.dumps(vars(args)))
