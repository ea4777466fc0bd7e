"""Lodge an application with a local council for permission to remove a tree."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--council",
    type=str,
    required=True,
    help="Name of the local council or municipality",
)
parser.add_argument(
    "--address",
    type=str,
    required=True,
    help="Street address where the tree stands",
)
parser.add_argument(
    "--reason",
    choices=["dead", "dangerous", "development", "nuisance"],
    required=True,
    help="Grounds for removal",
)
parser.add_argument(
    "--protected_species",
    action="store_true",
    help="Tree is on the council's significant or protected tree register",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
