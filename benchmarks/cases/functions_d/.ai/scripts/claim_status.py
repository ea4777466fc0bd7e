"""Look up the current status of an insurance claim."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--claim_id", required=True, help="Reference number of the claim")
parser.add_argument("--policy_number", help="Policy the claim belongs to")
args = parser.parse_args()
print(json.dumps(vars(args)))
