"""Work out water, salt and yeast weights for a bread dough from its flour weight."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--flour_grams", type=float, required=True, help="Weight of flour in grams")
parser.add_argument(
    "--hydration",
    type=float,
    default=70.0,
    help="Water as a percent of the flour weight",
)
parser.add_argument(
    "--salt_percent",
    type=float,
    default=2.0,
    help="Salt as a percent of the flour weight",
)
parser.add_argument(
    "--yeast",
    choices=["instant", "active_dry", "fresh", "sourdough"],
    default="instant",
    help="Kind of leavening",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
