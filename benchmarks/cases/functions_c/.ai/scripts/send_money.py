"""Send money to another person by name, phone number or email."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--recipient",
    required=True,
    help="Name, phone number or email of the person to pay",
)
parser.add_argument("--amount", type=float, required=True, help="Amount to send")
parser.add_argument(
    "--currency",
    choices=["USD", "EUR", "GBP", "CAD", "AUD", "JPY", "INR", "MXN"],
    default="USD",
    help="ISO code of the currency",
)
parser.add_argument("--note", help="Message shown to the recipient")
args = parser.parse_args()
print(json.dumps(vars(args)))
