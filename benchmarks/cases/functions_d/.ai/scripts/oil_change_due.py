"""Check whether a car is due an oil change from its odometer readings."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--last_change_km",
    type=int,
    required=True,
    help="Odometer reading at the last oil change, in km",
)
parser.add_argument("--current_km", type=int, required=True, help="Odometer reading now, in km")
parser.add_argument(
    "--oil_type",
    choices=["conventional", "blend", "synthetic"],
    default="synthetic",
    help="Kind of engine oil used",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
