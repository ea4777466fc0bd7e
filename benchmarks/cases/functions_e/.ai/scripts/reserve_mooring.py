"""Reserve a visitor berth or mooring at a marina."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--marina", required=True, help="Name of the marina")
parser.add_argument("--arrival_date", required=True, help="Arrival date, YYYY-MM-DD")
parser.add_argument("--nights", type=int, default=1, help="Number of nights")
parser.add_argument(
    "--boat_length_m",
    type=float,
    required=True,
    help="Length overall of the boat in metres",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
