"""Split an event budget into a per-guest amount after fixed costs."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--total_budget",
    type=float,
    required=True,
    help="Money available for the whole event",
)
parser.add_argument("--guests", type=int, required=True, help="Number of attendees")
parser.add_argument("--venue_cost", type=float, help="Fixed cost of the venue")
args = parser.parse_args()
print(json.dumps(vars(args)))
