"""Compute the fare of a public transport trip for a type of passenger and ticket."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--origin", required=True, help="Stop or zone where the trip starts")
parser.add_argument("--destination", required=True, help="Stop or zone where the trip ends")
parser.add_argument(
    "--passenger_type",
    choices=["adult", "child", "student", "senior"],
    default="adult",
    help="Fare category of the passenger",
)
parser.add_argument(
    "--ticket",
    choices=["single", "return", "day_pass"],
    default="single",
    help="Kind of ticket",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
