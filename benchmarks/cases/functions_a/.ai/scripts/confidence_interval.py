"""Compute a confidence interval for a mean from the sample mean, standard deviation and size."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--mean", type=float, required=True, help="Sample mean")
parser.add_argument("--std_dev", type=float, required=True, help="Sample standard deviation")
parser.add_argument(
    "--sample_size",
    type=int,
    required=True,
    help="Number of observations in the sample",
)
parser.add_argument(
    "--confidence",
    type=int,
    choices=[90, 95, 99],
    default=95,
    help="Confidence level in percent",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
