"""Compute what an insurer pays on a loss after the deductible and coverage limit."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--loss_amount", type=float, required=True, help="Total value of the loss")
parser.add_argument(
    "--deductible",
    type=float,
    required=True,
    help="Deductible the policyholder pays first",
)
parser.add_argument("--coverage_limit", type=float, help="Most the policy pays out")
args = parser.parse_args()
print(json.dumps(vars(args)))
