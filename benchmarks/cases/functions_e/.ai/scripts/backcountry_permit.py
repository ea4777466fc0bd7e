"""Apply for a wilderness permit for an overnight backcountry trip."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--area", required=True, help="Wilderness area or permit zone")
parser.add_argument("--start_date", required=True, help="Date the trip starts, YYYY-MM-DD")
parser.add_argument("--group_size", type=int, required=True, help="Number of people in the group")
parser.add_argument("--nights", type=int, default=1, help="Nights spent in the backcountry")
args = parser.parse_args()
print(json.dumps(vars(args)))
