"""File a request to extend the deadline of an individual tax return."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--taxpayer_name",
    type=str,
    required=True,
    help="Full name of the taxpayer",
)
parser.add_argument(
    "--ssn_last4",
    type=str,
    required=True,
    help="Last four digits of the Social Security number",
)
parser.add_argument(
    "--tax_year",
    type=int,
    required=True,
    help="Tax year of the return being extended",
)
parser.add_argument(
    "--estimated_balance",
    type=float,
    default=0.0,
    help="Estimated balance due in dollars",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
