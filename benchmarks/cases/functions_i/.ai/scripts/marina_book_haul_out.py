"""Book a travel-lift haul-out for yard work on a boat."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--vessel_name",
    type=str,
    required=True,
    help="Name of the vessel",
)
parser.add_argument(
    "--date",
    type=str,
    required=True,
    help="Haul-out date as YYYY-MM-DD",
)
parser.add_argument(
    "--service",
    choices=["pressure_wash", "bottom_paint", "survey", "engine_service"],
    required=True,
    help="Work to be done while hauled",
)
parser.add_argument(
    "--weight_lbs",
    type=int,
    required=True,
    help="Displacement in pounds; lift limit is 70000",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
