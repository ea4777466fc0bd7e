"""Check whether a cellar's temperature and humidity are safe for storing wine."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--temperature_c",
    type=float,
    required=True,
    help="Cellar temperature in degrees Celsius",
)
parser.add_argument(
    "--humidity_pct",
    type=float,
    required=True,
    help="Relative humidity in percent",
)
parser.add_argument(
    "--storage",
    choices=["long_term", "short_term"],
    default="long_term",
    help="How long the wine will be kept",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
