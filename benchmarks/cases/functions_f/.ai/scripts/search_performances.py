"""Search upcoming theatre performances by show, venue, date range or genre."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--show",
    type=str,
    help="Title of the show",
)
parser.add_argument(
    "--venue",
    type=str,
    help="Theatre or venue name",
)
parser.add_argument(
    "--date_from",
    type=str,
    help="Earliest performance date (YYYY-MM-DD)",
)
parser.add_argument(
    "--date_to",
    type=str,
    help="Latest performance date (YYYY-MM-DD)",
)
parser.add_argument(
    "--genre",
    choices=["play", "musical", "opera", "ballet", "comedy", "concert"],
    help="Kind of performance",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
