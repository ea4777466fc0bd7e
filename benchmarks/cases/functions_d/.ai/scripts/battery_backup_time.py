"""Estimate how many hours a home battery can power a given load."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--battery_kwh", type=float, required=True, help="Battery capacity in kWh")
parser.add_argument(
    "--load_watts",
    type=float,
    required=True,
    help="Total power drawn by the connected devices, in watts",
)
parser.add_argument(
    "--usable_percent",
    type=float,
    default=90.0,
    help="Share of the capacity that may be used, in percent",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
