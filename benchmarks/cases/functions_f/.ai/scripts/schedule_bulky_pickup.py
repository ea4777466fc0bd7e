"""Schedule a bulky item curbside pickup with city sanitation."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--address",
    type=str,
    required=True,
    help="Pickup address",
)
parser.add_argument(
    "--items",
    type=str,
    required=True,
    help="Comma-separated list of the items to collect",
)
parser.add_argument(
    "--pickup_date",
    type=str,
    help="Requested pickup date (YYYY-MM-DD)",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
