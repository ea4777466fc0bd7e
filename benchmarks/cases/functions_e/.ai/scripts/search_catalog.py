"""Search the public library catalogue for titles, authors or subjects."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--query", required=True, help="Title, author or subject to search for")
parser.add_argument(
    "--format",
    choices=["book", "ebook", "audiobook", "dvd"],
    help="Only return items in this format",
)
parser.add_argument("--branch", help="Only return items held at this branch")
args = parser.parse_args()
print(json.dumps(vars(args)))
