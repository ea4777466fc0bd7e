"""File a new insurance claim against a policy."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--policy_number", required=True, help="The policy the claim is made on")
parser.add_argument(
    "--incident_date",
    required=True,
    help="Date the loss or incident happened, YYYY-MM-DD",
)
parser.add_argument(
    "--claim_type",
    required=True,
    choices=["auto", "home", "travel", "health"],
    help="Kind of claim",
)
parser.add_argument("--amount", type=float, help="Amount claimed")
args = parser.parse_args()
print(json.dumps(vars(args)))
