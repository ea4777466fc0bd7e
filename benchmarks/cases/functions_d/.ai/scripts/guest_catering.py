"""Plan food quantities and a catering estimate for an event."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--guests", type=int, required=True, help="Number of guests to feed")
parser.add_argument(
    "--meal",
    required=True,
    choices=["buffet", "plated", "canapes"],
    help="Style of service",
)
parser.add_argument("--courses", type=int, default=3, help="Number of courses")
args = parser.parse_args()
print(json.dumps(vars(args)))
