"""Look up how much of a chemical is currently on the shelves of a storeroom."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--chemical", required=True, help="Name or formula of the chemical to look up")
parser.add_argument(
    "--storeroom",
    choices=["main", "cold_room", "flammables"],
    default="main",
    help="Which storeroom to check",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
