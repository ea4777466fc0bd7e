"""Work out how many solar panels are needed to cover a yearly electricity use."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--annual_kwh",
    type=float,
    required=True,
    help="Electricity used per year in kWh",
)
parser.add_argument(
    "--panel_watts",
    type=int,
    required=True,
    help="Rated power of one panel in watts",
)
parser.add_argument(
    "--sun_hours",
    type=float,
    required=True,
    help="Average peak sun hours per day",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
