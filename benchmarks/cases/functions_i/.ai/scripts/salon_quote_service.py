"""Quote the price of a salon service based on hair length, without booking it."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--service",
    choices=["cut", "colour", "highlights", "blowout", "perm", "keratin"],
    required=True,
    help="Service to price",
)
parser.add_argument(
    "--hair_length",
    choices=["short", "medium", "long", "extra_long"],
    required=True,
    help="short = above chin, medium = chin to shoulder, long = shoulder to mid-back, extra_long = past mid-back",
)
parser.add_argument(
    "--add_toner",
    action="store_true",
    help="Include a gloss/toner after lightening",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
