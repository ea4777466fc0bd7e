"""Plan how to cut a list of pieces from stock boards with the least waste."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--stock_length_in",
    type=float,
    required=True,
    help="Length of each stock board in inches",
)
parser.add_argument(
    "--cut_lengths_in",
    type=str,
    required=True,
    help="Comma-separated lengths of the pieces to cut, in inches",
)
parser.add_argument(
    "--kerf_in",
    type=float,
    default=0.125,
    help="Saw blade kerf in inches",
)
parser.add_argument(
    "--stock_count",
    type=int,
    help="Number of stock boards on hand",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
