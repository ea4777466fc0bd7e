"""Issue a gift voucher for escape room games."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--purchaser_name",
    type=str,
    required=True,
    help="Name of the person buying the voucher",
)
parser.add_argument(
    "--recipient_name",
    type=str,
    required=True,
    help="Name printed on the voucher",
)
parser.add_argument(
    "--amount",
    type=float,
    required=True,
    help="Voucher value in dollars",
)
parser.add_argument(
    "--expiry_months",
    type=int,
    default=12,
    help="Months until the voucher expires",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
