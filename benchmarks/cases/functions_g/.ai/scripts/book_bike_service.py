"""Book a bicycle into the workshop for a service."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--customer_name",
    type=str,
    required=True,
    help="Name of the customer",
)
parser.add_argument(
    "--drop_off_date",
    type=str,
    required=True,
    help="Day the bike will be dropped off, YYYY-MM-DD",
)
parser.add_argument(
    "--service_level",
    choices=["basic_tune", "full_tune", "overhaul"],
    required=True,
    help="Service package",
)
parser.add_argument(
    "--bike_description",
    type=str,
    help="Make and model of the bike",
)
parser.add_argument(
    "--phone",
    type=str,
    help="Contact phone number",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
