"""Estimate the years in which a wine will drink at its best."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--grape",
    type=str,
    required=True,
    help="Main grape variety",
)
parser.add_argument(
    "--vintage",
    type=int,
    required=True,
    help="Vintage year",
)
parser.add_argument(
    "--region",
    type=str,
    help="Wine region or appellation",
)
parser.add_argument(
    "--style",
    choices=["red", "white", "sparkling", "fortified", "sweet"],
    default="red",
    help="Style of wine",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
