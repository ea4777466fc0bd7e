"""Show how many bikes and free docks a bike-share station has right now."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--station_name", required=True, help="Name of the docking station")
parser.add_argument("--city", help="City of the bike-share scheme")
parser.add_argument(
    "--electric_only",
    choices=["yes", "no"],
    default="no",
    help="Count only electric bikes",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
