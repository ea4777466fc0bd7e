"""Book a new driving lesson for a student."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--student_name",
    type=str,
    required=True,
    help="Student's full name",
)
parser.add_argument(
    "--date",
    type=str,
    required=True,
    help="Lesson date as YYYY-MM-DD",
)
parser.add_argument(
    "--time",
    type=str,
    required=True,
    help="Start time as HH:MM (24-hour)",
)
parser.add_argument(
    "--transmission",
    choices=["manual", "automatic"],
    default="manual",
    help="Gearbox of the lesson car",
)
parser.add_argument(
    "--duration_minutes",
    type=int,
    default=60,
    help="Lesson length in minutes (60, 90 or 120)",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
