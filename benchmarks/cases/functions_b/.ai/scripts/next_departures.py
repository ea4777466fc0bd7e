"""List the next departures from a stop or station."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--stop_name", required=True, help="Name of the stop or station")
parser.add_argument("--line", help="Only this line or route number")
parser.add_argument("--count", type=int, default=5, help="How many departures to list")
args = parser.parse_args()
print(json.dumps(vars(args)))
