"""Summarise a list of numbers: mean, median, mode, minimum, maximum and range."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--numbers", required=True, help="The numbers, separated by commas")
parser.add_argument("--decimals", type=int, default=2, help="Decimal places in the results")
args = parser.parse_args()
print(json.dumps(vars(args)))
