"""Exchange the tickets of an existing order for a different performance."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--order_number",
    type=str,
    required=True,
    help="Order number of the original booking",
)
parser.add_argument(
    "--new_performance_id",
    type=str,
    required=True,
    help="Identifier of the performance to switch to",
)
parser.add_argument(
    "--keep_section",
    choices=["yes", "no"],
    default="yes",
    help="Keep the same seating section",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
