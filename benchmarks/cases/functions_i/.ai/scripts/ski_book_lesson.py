"""Book a ski school lesson."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--discipline",
    choices=["ski", "snowboard", "telemark"],
    required=True,
    help="Discipline taught",
)
parser.add_argument(
    "--level",
    choices=["beginner", "intermediate", "advanced"],
    required=True,
    help="Ability level of the students",
)
parser.add_argument(
    "--date",
    type=str,
    required=True,
    help="Lesson date as YYYY-MM-DD",
)
parser.add_argument(
    "--group_size",
    type=int,
    default=1,
    help="Number of students, 1-8",
)
parser.add_argument(
    "--private",
    action="store_true",
    help="Private lesson for this group only",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
