"""Calculate the spine width of a printed book from its page count and paper."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--page_count", type=int, required=True, help="Number of pages in the book")
parser.add_argument(
    "--paper",
    required=True,
    choices=["white", "cream", "coated"],
    help="Paper stock the interior is printed on",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
