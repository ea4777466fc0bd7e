"""Get the air quality index and pollutant levels for a city."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--city", required=True, help="Name of the city")
parser.add_argument(
    "--pollutant",
    choices=["all", "pm2_5", "pm10", "ozone", "no2", "so2"],
    default="all",
    help="Pollutant to report",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
