"""Reserve a storage unit at a facility for a customer from a move-in date."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--size",
    choices=["5x5", "5x10", "10x10", "10x15", "10x20"],
    required=True,
    help="Unit size in feet (width x depth)",
)
parser.add_argument(
    "--facility",
    type=str,
    required=True,
    help="Storage facility name or suburb",
)
parser.add_argument(
    "--move_in_date",
    type=str,
    required=True,
    help="Move-in date as YYYY-MM-DD",
)
parser.add_argument(
    "--customer_name",
    type=str,
    required=True,
    help="Full name of the renter",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
