"""Extend an existing equipment rental by extra days."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--rental_id",
    type=str,
    required=True,
    help="Rental agreement number, e.g. RN-1234",
)
parser.add_argument(
    "--extra_days",
    type=int,
    required=True,
    help="Additional days to add",
)
parser.add_argument(
    "--swap_package",
    choices=["basic", "performance", "demo"],
    default=None,
    help="Change to this package for the extension; omit to keep the current one",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
