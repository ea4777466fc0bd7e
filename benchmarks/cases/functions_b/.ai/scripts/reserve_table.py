"""Reserve a table at a restaurant for a date, time and party size."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--restaurant", required=True, help="Name of the restaurant")
parser.add_argument("--date", required=True, help="Day of the reservation, YYYY-MM-DD")
parser.add_argument("--time", required=True, help="Time of the reservation, HH:MM in 24-hour form")
parser.add_argument("--party_size", type=int, required=True, help="Number of people")
parser.add_argument(
    "--seating",
    choices=["indoor", "outdoor", "bar", "any"],
    default="any",
    help="Where to sit",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
