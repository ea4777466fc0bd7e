"""Enrol a student in a course section for a term."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--course_code", required=True, help="Catalogue code of the course")
parser.add_argument("--student_id", required=True, help="Student number")
parser.add_argument(
    "--term",
    required=True,
    choices=["spring", "summer", "fall", "winter"],
    help="Academic term",
)
parser.add_argument("--year", type=int, help="Year of the term")
parser.add_argument("--section", help="Section number; any open section when left out")
args = parser.parse_args()
print(json.dumps(vars(args)))
