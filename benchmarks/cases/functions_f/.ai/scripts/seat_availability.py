"""Check how many seats are free for a performance in a given section."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--performance_id",
    type=str,
    required=True,
    help="Identifier of the performance",
)
parser.add_argument(
    "--section",
    choices=["orchestra", "mezzanine", "balcony", "box"],
    default="orchestra",
    help="Seating section",
)
parser.add_argument(
    "--seats",
    type=int,
    default=2,
    help="Number of seats together that are needed",
)
parser.add_argument(
    "--wheelchair_access",
    choices=["yes", "no"],
    default="no",
    help="Only count wheelchair-accessible places",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
