"""Quote the price of treating a property for a pest."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--pest",
    type=str,
    required=True,
    help="Pest to treat, e.g. bed bugs, german cockroaches",
)
parser.add_argument(
    "--property_type",
    choices=["house", "apartment", "restaurant", "warehouse", "office"],
    required=True,
    help="Type of property",
)
parser.add_argument(
    "--area_sqft",
    type=int,
    required=True,
    help="Floor area to treat in square feet",
)
parser.add_argument(
    "--eco_friendly",
    action="store_true",
    help="Use low-toxicity products only",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
