"""List current delays, closures and disruptions on a transit line."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--line", required=True, help="Name or number of the line")
parser.add_argument("--city", help="City of the transit network")
args = parser.parse_args()
print(json.dumps(vars(args)))
