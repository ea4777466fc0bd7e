"""Pay a bill to a saved payee such as a utility, phone company or landlord."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--payee", required=True, help="Company or person the bill is from")
parser.add_argument("--amount", type=float, required=True, help="Amount to pay")
parser.add_argument("--pay_on", help="Day to send the payment, YYYY-MM-DD; today when left out")
parser.add_argument(
    "--account",
    choices=["checking", "savings", "credit_card"],
    default="checking",
    help="Account to pay from",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
