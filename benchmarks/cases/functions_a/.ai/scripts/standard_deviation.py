"""Compute the variance and standard deviation of a list of numbers."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--numbers", required=True, help="The numbers, separated by commas")
parser.add_argument(
    "--kind",
    choices=["sample", "population"],
    default="sample",
    help="Divide by n-1 for a sample or by n for a whole population",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
