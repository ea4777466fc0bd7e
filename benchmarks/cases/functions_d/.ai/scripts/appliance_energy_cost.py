"""Calculate what an appliance costs to run per day, month and year."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--watts",
    type=float,
    required=True,
    help="Power draw of the appliance in watts",
)
parser.add_argument("--hours_per_day", type=float, required=True, help="Hours it runs each day")
parser.add_argument("--price_per_kwh", type=float, required=True, help="Electricity price per kWh")
args = parser.parse_args()
print(json.dumps(vars(args)))
