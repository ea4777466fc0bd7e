"""Reserve a library item so it is held for pickup at a branch."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--title", required=True, help="Title of the item to hold")
parser.add_argument("--branch", required=True, help="Branch where the item will be picked up")
parser.add_argument(
    "--format",
    choices=["book", "ebook", "audiobook", "dvd"],
    default="book",
    help="Format of the item",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
