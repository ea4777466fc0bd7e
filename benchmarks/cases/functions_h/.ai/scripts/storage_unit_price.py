"""Look up the monthly rent for a storage unit size at one of our facilities."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--size",
    choices=["5x5", "5x10", "10x10", "10x15", "10x20"],
    required=True,
    help="Unit size in feet (width x depth)",
)
parser.add_argument(
    "--facility",
    type=str,
    required=True,
    help="Storage facility name or suburb",
)
parser.add_argument(
    "--months",
    type=int,
    default=1,
    help="Planned rental length in months, used for prepay discounts",
)
parser.add_argument(
    "--climate_controlled",
    action="store_true",
    help="Price a climate-controlled unit",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
