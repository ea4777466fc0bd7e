"""Schedule a roof inspection visit."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--address",
    type=str,
    required=True,
    help="Street address of the property",
)
parser.add_argument(
    "--date",
    type=str,
    required=True,
    help="Inspection date as YYYY-MM-DD",
)
parser.add_argument(
    "--reason",
    choices=["storm_damage", "leak", "pre_purchase", "routine"],
    required=True,
    help="Reason for the inspection",
)
parser.add_argument(
    "--drone",
    action="store_true",
    help="Use a drone survey instead of climbing",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
