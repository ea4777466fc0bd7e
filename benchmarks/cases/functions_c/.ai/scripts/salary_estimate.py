"""Estimate the typical yearly salary for a job title in a city by experience."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--job_title", required=True, help="Job title")
parser.add_argument("--city", required=True, help="City of the job")
parser.add_argument("--years_experience", type=int, help="Years of experience in the role")
parser.add_argument(
    "--currency",
    choices=["USD", "EUR", "GBP", "CAD", "AUD", "INR"],
    default="USD",
    help="ISO code of the currency",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
