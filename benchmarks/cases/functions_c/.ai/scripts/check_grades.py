"""Show a student's grades for one course or for a whole term."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--student_id", required=True, help="Student number")
parser.add_argument(
    "--course_code",
    help="Catalogue code of the course; every course when left out",
)
parser.add_argument(
    "--term",
    choices=["spring", "summer", "fall", "winter"],
    help="Academic term",
)
parser.add_argument("--year", type=int, help="Year of the term")
args = parser.parse_args()
print(json.dumps(vars(args)))
