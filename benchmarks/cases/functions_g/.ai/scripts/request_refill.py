"""Request a refill of an existing prescription for pickup."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--rx_number",
    type=str,
    required=True,
    help="Prescription number printed on the label",
)
parser.add_argument(
    "--pickup_store",
    type=str,
    required=True,
    help="Store where the refill will be picked up",
)
parser.add_argument(
    "--pickup_date",
    type=str,
    help="Preferred pickup date, YYYY-MM-DD",
)
parser.add_argument(
    "--quantity_days",
    type=int,
    choices=[30, 60, 90],
    default=30,
    help="Days of supply to dispense",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
