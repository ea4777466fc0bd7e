"""Check whether an ISBN-10 or ISBN-13 is valid."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--isbn", required=True, help="The ISBN to check, with or without hyphens")
args = parser.parse_args()
print(json.dumps(vars(args)))
