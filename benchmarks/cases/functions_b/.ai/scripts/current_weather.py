"""Get the current weather conditions for a city."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--city", required=True, help="Name of the city")
parser.add_argument(
    "--units",
    choices=["metric", "imperial"],
    default="metric",
    help="metric for Celsius and km/h, imperial for Fahrenheit and mph",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
