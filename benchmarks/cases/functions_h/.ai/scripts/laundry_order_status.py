"""Look up the status of a laundry or dry cleaning order."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--order_number",
    type=str,
    required=True,
    help="Order number from the ticket, e.g. LD-55012",
)
parser.add_argument(
    "--phone",
    type=str,
    default="",
    help="Phone number on the account, used to verify the order",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
