"""List upcoming assignment, quiz and exam deadlines of a course."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--course_code",
    help="Catalogue code of the course; every course when left out",
)
parser.add_argument("--days_ahead", type=int, default=14, help="How many days ahead to look")
parser.add_argument(
    "--kind",
    choices=["all", "assignment", "quiz", "exam"],
    default="all",
    help="Kind of deadline",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
