"""Request a fuel uplift from the FBO for an aircraft parked at an airport."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--airport",
    required=True,
    help="ICAO code of the airport where the aircraft is parked",
)
parser.add_argument(
    "--tail_number",
    required=True,
    help="Registration of the aircraft, e.g. N123AB",
)
parser.add_argument("--gallons", type=float, required=True, help="US gallons of fuel to add")
parser.add_argument(
    "--fuel_type",
    choices=["100LL", "JetA", "UL94"],
    default="100LL",
    help="Grade of fuel",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
