"""Get the latest reported conditions and closures for a hiking trail."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--trail", required=True, help="Name of the trail")
parser.add_argument("--park", help="Park or forest the trail is in")
args = parser.parse_args()
print(json.dumps(vars(args)))
