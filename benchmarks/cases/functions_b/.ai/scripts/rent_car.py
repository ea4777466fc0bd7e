"""Reserve a rental car between a pickup date and a return date."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--pickup_location",
    required=True,
    help="City, airport or branch where the car is collected",
)
parser.add_argument("--pickup_date", required=True, help="Day of pickup, YYYY-MM-DD")
parser.add_argument("--return_date", required=True, help="Day of return, YYYY-MM-DD")
parser.add_argument(
    "--car_class",
    choices=["economy", "compact", "suv", "van", "luxury", "electric"],
    default="compact",
    help="Class of car",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
