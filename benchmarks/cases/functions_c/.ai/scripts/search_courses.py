"""Search the course catalogue by subject, level, format, price and language."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--subject", required=True, help="Subject or topic of the course")
parser.add_argument(
    "--level",
    choices=["beginner", "intermediate", "advanced"],
    help="Difficulty level",
)
parser.add_argument(
    "--format",
    choices=["online", "in_person", "hybrid"],
    help="How the course is taught",
)
parser.add_argument("--max_price", type=float, help="Highest course fee")
parser.add_argument("--language", help="Language of instruction")
args = parser.parse_args()
print(json.dumps(vars(args)))
