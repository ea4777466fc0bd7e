"""Book a car into a garage for a service on a given date."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--garage", required=True, help="Name of the garage")
parser.add_argument("--date", required=True, help="Booking date, YYYY-MM-DD")
parser.add_argument(
    "--service",
    required=True,
    choices=["oil_change", "brakes", "tires", "inspection", "full_service"],
    help="Work to be done",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
