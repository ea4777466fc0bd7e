"""File a workmanship warranty claim against a completed roofing job."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--job_number",
    type=str,
    required=True,
    help="Original job number, e.g. RJ-10442",
)
parser.add_argument(
    "--issue",
    choices=["leak", "missing_shingles", "flashing_failure", "gutter_detachment", "blistering"],
    required=True,
    help="Problem reported",
)
parser.add_argument(
    "--date_noticed",
    type=str,
    required=True,
    help="Date the problem was first noticed, YYYY-MM-DD",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
