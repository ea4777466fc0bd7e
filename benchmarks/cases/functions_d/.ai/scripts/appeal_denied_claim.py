"""Start an appeal against a denied insurance claim."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--claim_id", required=True, help="Reference number of the denied claim")
parser.add_argument("--reason", required=True, help="Why the claim should be reconsidered")
parser.add_argument("--deadline", help="Last date to file the appeal, YYYY-MM-DD")
args = parser.parse_args()
print(json.dumps(vars(args)))
