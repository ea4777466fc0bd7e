"""Get the daily weather forecast for a city for the coming days."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--city", required=True, help="Name of the city")
parser.add_argument("--days", type=int, default=3, help="Number of days ahead, 1 to 14")
parser.add_argument(
    "--units",
    choices=["metric", "imperial"],
    default="metric",
    help="metric for Celsius and km/h, imperial for Fahrenheit and mph",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
