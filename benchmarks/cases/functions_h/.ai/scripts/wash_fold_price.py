"""Price a wash-and-fold laundry order by weight."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--weight_kg",
    type=float,
    required=True,
    help="Dry laundry weight in kg",
)
parser.add_argument(
    "--detergent",
    choices=["standard", "hypoallergenic", "eco"],
    default="standard",
    help="Detergent to wash with",
)
parser.add_argument(
    "--same_day",
    action="store_true",
    help="Return the order the same day",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
