"""Buy tickets for a theatre performance."""

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
    "--seats",
    type=int,
    required=True,
    help="Number of tickets",
)
parser.add_argument(
    "--section",
    choices=["orchestra", "mezzanine", "balcony", "box"],
    default="orchestra",
    help="Seating section",
)
parser.add_argument(
    "--concession",
    choices=["none", "student", "senior", "child"],
    default="none",
    help="Discount to apply",
)
parser.add_argument(
    "--delivery",
    choices=["e_ticket", "box_office_pickup", "post"],
    default="e_ticket",
    help="How the tickets are delivered",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
