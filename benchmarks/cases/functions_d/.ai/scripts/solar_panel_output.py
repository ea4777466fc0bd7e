"""Estimate the daily and yearly energy a set of solar panels will produce."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--panel_watts",
    type=int,
    required=True,
    help="Rated power of one panel in watts",
)
parser.add_argument("--panel_count", type=int, required=True, help="Number of panels in the array")
parser.add_argument(
    "--sun_hours",
    type=float,
    required=True,
    help="Average peak sun hours per day",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
