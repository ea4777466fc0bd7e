"""Quote the cash price of a medication, with or without a discount card."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--drug_name",
    type=str,
    required=True,
    help="Generic or brand name of the medication",
)
parser.add_argument(
    "--strength_mg",
    type=float,
    required=True,
    help="Strength per tablet in milligrams",
)
parser.add_argument(
    "--quantity",
    type=int,
    required=True,
    help="Number of tablets or capsules",
)
parser.add_argument(
    "--discount_card",
    choices=["none", "goodrx", "store_club", "senior"],
    default="none",
    help="Discount program to apply",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
