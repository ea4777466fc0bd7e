"""Calculate the deductible amount for miles driven at the standard mileage rate."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--miles",
    type=float,
    required=True,
    help="Miles driven for the purpose",
)
parser.add_argument(
    "--purpose",
    choices=["business", "medical", "charity"],
    default="business",
    help="Purpose of the driving",
)
parser.add_argument(
    "--tax_year",
    type=int,
    default=2024,
    help="Tax year whose rate applies",
)
parser.add_argument(
    "--log_file",
    type=str,
    help="Optional CSV mileage log to attach, e.g. trips.csv",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
