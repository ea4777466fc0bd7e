"""Track the delivery status of an online order."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--order_id", required=True, help="Order number from the confirmation email")
parser.add_argument(
    "--carrier",
    choices=["ups", "fedex", "dhl", "usps", "royal_mail", "dpd"],
    help="Delivery company, when known",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
