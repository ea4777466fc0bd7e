"""Quote rekeying existing locks so that old keys stop working."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--locks",
    type=int,
    required=True,
    help="Number of lock cylinders to rekey",
)
parser.add_argument(
    "--brand",
    type=str,
    required=True,
    help="Lock brand, e.g. Schlage, Kwikset",
)
parser.add_argument(
    "--property",
    choices=["residential", "commercial"],
    default="residential",
    help="Property type",
)
parser.add_argument(
    "--master_key",
    action="store_true",
    help="Set up a master key system",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
