"""Recommend films of a genre with a minimum rating, release period and runtime."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--genre",
    required=True,
    choices=["action", "comedy", "drama", "horror", "sci_fi", "romance", "animation", "thriller"],
    help="Genre of the films",
)
parser.add_argument("--min_rating", type=float, help="Lowest audience rating, out of 10")
parser.add_argument("--released_after", type=int, help="Earliest release year")
parser.add_argument("--max_runtime", type=int, help="Longest runtime, in minutes")
args = parser.parse_args()
print(json.dumps(vars(args)))
