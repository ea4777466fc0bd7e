"""Compute the probability of exactly k successes in n independent trials."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--trials", type=int, required=True, help="Number of independent trials (n)")
parser.add_argument("--successes", type=int, required=True, help="Number of successes wanted (k)")
parser.add_argument(
    "--probability",
    type=float,
    required=True,
    help="Chance of success on a single trial, between 0 and 1",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
