"""Calculate the theoretical hull speed of a displacement boat."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--waterline_length_ft",
    type=float,
    required=True,
    help="Length of the hull at the waterline, in feet",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
