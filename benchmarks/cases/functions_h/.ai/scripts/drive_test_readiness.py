"""Assess whether a learner driver is ready to book the practical driving test."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--student_id",
    type=str,
    required=True,
    help="Student ID, e.g. ST-1187",
)
parser.add_argument(
    "--hours_logged",
    type=float,
    required=True,
    help="Total supervised driving hours logged",
)
parser.add_argument(
    "--mock_faults",
    type=int,
    required=True,
    help="Minor driving faults in the most recent mock test",
)
parser.add_argument(
    "--serious_faults",
    type=int,
    default=0,
    help="Serious or dangerous faults in the most recent mock test",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
