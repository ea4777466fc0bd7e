"""Record an allergy or sensitivity on a client's salon record."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--client_name",
    type=str,
    required=True,
    help="Client's full name",
)
parser.add_argument(
    "--allergen",
    type=str,
    required=True,
    help="Ingredient or product the client reacts to",
)
parser.add_argument(
    "--severity",
    choices=["mild", "moderate", "severe"],
    required=True,
    help="Severity of the reaction",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
