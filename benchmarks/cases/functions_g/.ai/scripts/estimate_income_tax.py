"""Estimate the federal income tax owed for a tax year."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--gross_income",
    type=float,
    required=True,
    help="Total gross income in dollars",
)
parser.add_argument(
    "--filing_status",
    choices=["single", "married_joint", "married_separate", "head_of_household"],
    required=True,
    help="Filing status",
)
parser.add_argument(
    "--tax_year",
    type=int,
    default=2024,
    help="Tax year",
)
parser.add_argument(
    "--deductions",
    type=float,
    help="Itemized deductions in dollars; the standard deduction is used when omitted",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
