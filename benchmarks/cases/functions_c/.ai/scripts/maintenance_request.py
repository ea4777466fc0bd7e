"""Report a repair problem in a rented home to the landlord or property manager."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--unit", required=True, help="Apartment or unit number")
parser.add_argument(
    "--issue",
    required=True,
    choices=["plumbing", "electrical", "heating", "appliance", "pests", "locks", "other"],
    help="Kind of problem",
)
parser.add_argument("--description", help="What is wrong, in a sentence")
parser.add_argument(
    "--urgency",
    choices=["low", "normal", "emergency"],
    default="normal",
    help="How urgent the repair is",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
