"""Apply for a residential parking permit for a vehicle."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--license_plate",
    type=str,
    required=True,
    help="Vehicle licence plate number",
)
parser.add_argument(
    "--zone",
    type=str,
    required=True,
    help="Residential permit zone code",
)
parser.add_argument(
    "--duration",
    choices=["monthly", "quarterly", "annual"],
    default="annual",
    help="Permit period",
)
parser.add_argument(
    "--vehicle_type",
    choices=["car", "motorcycle", "van"],
    default="car",
    help="Kind of vehicle",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
