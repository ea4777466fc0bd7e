"""Quote the price and turnaround time of a bike service package."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--service_level",
    choices=["basic_tune", "full_tune", "overhaul"],
    required=True,
    help="Service package",
)
parser.add_argument(
    "--bike_type",
    choices=["road", "mountain", "ebike", "kids"],
    default="road",
    help="Kind of bicycle",
)
parser.add_argument(
    "--add_ons",
    type=str,
    help="Comma-separated extras, e.g. bar_tape, chain, brake_pads, tubeless_setup",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
