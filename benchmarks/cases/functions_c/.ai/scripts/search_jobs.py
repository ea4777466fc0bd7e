"""Search job openings by title, location, remote option, salary and seniority."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--title", required=True, help="Job title or keywords")
parser.add_argument("--location", help="City or region")
parser.add_argument(
    "--remote",
    choices=["onsite", "hybrid", "remote"],
    help="Where the work is done",
)
parser.add_argument("--min_salary", type=int, help="Lowest yearly salary")
parser.add_argument(
    "--level",
    choices=["intern", "entry", "mid", "senior", "lead"],
    help="Seniority level",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
