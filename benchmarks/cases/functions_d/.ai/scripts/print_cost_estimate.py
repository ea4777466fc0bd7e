"""Estimate the cost of a print run."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--pages", type=int, required=True, help="Pages in one copy")
parser.add_argument("--copies", type=int, required=True, help="Number of copies to print")
parser.add_argument(
    "--color",
    choices=["color", "bw"],
    default="bw",
    help="Colour or black and white printing",
)
parser.add_argument(
    "--binding",
    choices=["none", "staple", "spiral", "perfect"],
    default="none",
    help="How the copies are bound",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
