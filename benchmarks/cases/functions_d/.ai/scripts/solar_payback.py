"""Compute how many years a solar installation takes to pay for itself."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--system_cost",
    type=float,
    required=True,
    help="Installed cost of the system",
)
parser.add_argument(
    "--annual_savings",
    type=float,
    required=True,
    help="Money saved on bills per year",
)
parser.add_argument(
    "--incentive",
    type=float,
    default=0.0,
    help="Rebates or grants that reduce the cost",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
