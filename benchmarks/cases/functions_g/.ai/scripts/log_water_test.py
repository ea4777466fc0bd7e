"""Record the results of a water test for one of the tanks."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--tank_name",
    type=str,
    required=True,
    help="Name of the tank",
)
parser.add_argument(
    "--test_date",
    type=str,
    help="Date of the test, YYYY-MM-DD; today when omitted",
)
parser.add_argument(
    "--ph",
    type=float,
    help="Measured pH",
)
parser.add_argument(
    "--ammonia_ppm",
    type=float,
    help="Ammonia in ppm",
)
parser.add_argument(
    "--nitrite_ppm",
    type=float,
    help="Nitrite in ppm",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
