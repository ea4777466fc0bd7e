"""Tell which day of the week a date falls on."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--date", required=True, help="The date, YYYY-MM-DD")
args = parser.parse_args()
print(json.dumps(vars(args)))
