"""Score a building's termite risk from site conditions."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--postcode",
    type=str,
    required=True,
    help="Postcode of the building",
)
parser.add_argument(
    "--moisture_pct",
    type=float,
    required=True,
    help="Timber moisture meter reading in percent",
)
parser.add_argument(
    "--building_age_years",
    type=int,
    required=True,
    help="Age of the building in years",
)
parser.add_argument(
    "--wood_soil_contact",
    action="store_true",
    help="Structural timber is in direct contact with soil",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
