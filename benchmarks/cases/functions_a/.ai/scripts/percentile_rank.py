"""Find the percentile rank of one value within a list of numbers."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--numbers",
    required=True,
    help="The numbers to rank against, separated by commas",
)
parser.add_argument(
    "--value",
    type=float,
    required=True,
    help="The value whose percentile rank is wanted",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
