"""Estimate the printed page count of a manuscript from its word count."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--words", type=int, required=True, help="Word count of the manuscript")
parser.add_argument("--words_per_page", type=int, default=250, help="Words that fit on one page")
parser.add_argument(
    "--trim_size",
    choices=["5x8", "6x9", "8.5x11"],
    default="6x9",
    help="Trim size of the printed book, in inches",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
