"""Lay out a table seating plan for a number of guests."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--guests", type=int, required=True, help="Number of guests to seat")
parser.add_argument("--seats_per_table", type=int, required=True, help="Seats at each table")
parser.add_argument("--layout", choices=["round", "banquet"], default="round", help="Table shape")
args = parser.parse_args()
print(json.dumps(vars(args)))
