"""Record a water chemistry test result for a customer's pool."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--pool_id",
    type=str,
    required=True,
    help="Pool identifier, e.g. PL-0042",
)
parser.add_argument(
    "--ph",
    type=float,
    required=True,
    help="Measured pH (6.8-8.2)",
)
parser.add_argument(
    "--alkalinity_ppm",
    type=int,
    required=True,
    help="Total alkalinity in ppm",
)
parser.add_argument(
    "--cyanuric_ppm",
    type=int,
    default=0,
    help="Cyanuric acid (stabiliser) level in ppm",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
