"""Request a booking for an event venue on a date."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--venue", required=True, help="Name of the venue")
parser.add_argument("--date", required=True, help="Event date, YYYY-MM-DD")
parser.add_argument("--hours", type=int, default=4, help="How many hours the venue is needed")
parser.add_argument("--guests", type=int, help="Expected number of guests")
args = parser.parse_args()
print(json.dumps(vars(args)))
