"""Book a pest treatment visit at an address."""

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
    "--pest",
    type=str,
    required=True,
    help="Pest to treat, e.g. bed bugs, wasps",
)
parser.add_argument(
    "--date",
    type=str,
    required=True,
    help="Treatment date as YYYY-MM-DD",
)
parser.add_argument(
    "--follow_up_visits",
    type=int,
    default=0,
    help="Number of follow-up visits to schedule (0-3)",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
