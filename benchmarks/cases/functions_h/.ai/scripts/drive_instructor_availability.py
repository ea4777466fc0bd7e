"""List an instructor's free lesson slots for a given week."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--instructor",
    type=str,
    required=True,
    help="Instructor's name",
)
parser.add_argument(
    "--week_start",
    type=str,
    required=True,
    help="First day of the week as YYYY-MM-DD",
)
parser.add_argument(
    "--area",
    type=str,
    default="",
    help="Pickup suburb to filter slots by; empty for all areas",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
