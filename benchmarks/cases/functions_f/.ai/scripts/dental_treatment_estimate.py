"""Estimate the out-of-pocket cost of a dental treatment after insurance."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--procedure",
    required=True,
    choices=["filling", "crown", "root_canal", "extraction", "implant", "bridge", "whitening"],
    help="Treatment to estimate",
)
parser.add_argument(
    "--teeth",
    type=int,
    default=1,
    help="Number of teeth treated",
)
parser.add_argument(
    "--insurance_coverage_pct",
    type=float,
    default=0.0,
    help="Share of the cost covered by the patient's dental plan, in percent",
)
parser.add_argument(
    "--material",
    choices=["standard", "composite", "porcelain", "zirconia", "gold"],
    default="standard",
    help="Restoration material",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
