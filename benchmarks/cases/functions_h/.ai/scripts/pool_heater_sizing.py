"""Estimate the heater output needed to keep a pool a given number of degrees warmer."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--surface_area_m2",
    type=float,
    required=True,
    help="Pool water surface area in square metres",
)
parser.add_argument(
    "--temp_rise_c",
    type=float,
    required=True,
    help="Desired temperature rise above average air temperature in °C",
)
parser.add_argument(
    "--fuel",
    choices=["gas", "heat_pump", "solar"],
    default="heat_pump",
    help="Heater energy source",
)
parser.add_argument(
    "--covered",
    action="store_true",
    help="Pool is covered with a thermal blanket overnight",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
