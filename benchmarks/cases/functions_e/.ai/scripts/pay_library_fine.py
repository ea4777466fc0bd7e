"""Pay outstanding fines on a library card."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--card_number", required=True, help="Library card number")
parser.add_argument("--amount", type=float, required=True, help="Amount to pay in dollars")
args = parser.parse_args()
print(json.dumps(vars(args)))
