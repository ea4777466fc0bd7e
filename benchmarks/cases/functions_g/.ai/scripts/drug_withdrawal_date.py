"""Work out when a treated animal's meat or milk can be sold again after a withdrawal period."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--last_dose_date",
    type=str,
    required=True,
    help="Date of the last treatment dose, YYYY-MM-DD",
)
parser.add_argument(
    "--withdrawal_days",
    type=int,
    required=True,
    help="Withdrawal period on the product label, in days",
)
parser.add_argument(
    "--product",
    choices=["meat", "milk"],
    default="meat",
    help="Which product the withdrawal period applies to",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
