"""Look up high and low tide times for a harbour on a date."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--harbour", required=True, help="Name of the harbour or tide station")
parser.add_argument("--date", required=True, help="Date, YYYY-MM-DD")
args = parser.parse_args()
print(json.dumps(vars(args)))
