"""Book a hotel room in a city for a range of nights."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--city", required=True, help="City to stay in")
parser.add_argument("--check_in", required=True, help="Arrival day, YYYY-MM-DD")
parser.add_argument("--check_out", required=True, help="Departure day, YYYY-MM-DD")
parser.add_argument("--guests", type=int, default=2, help="Number of guests")
parser.add_argument("--max_price", type=float, help="Highest nightly rate, in the local currency")
args = parser.parse_args()
print(json.dumps(vars(args)))
