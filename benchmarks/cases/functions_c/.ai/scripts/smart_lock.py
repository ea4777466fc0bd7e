"""Lock or unlock a smart door lock, optionally locking it again after a delay."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--door", required=True, help="Which door: front, back, garage, side ...")
parser.add_argument(
    "--action",
    required=True,
    choices=["lock", "unlock"],
    help="Lock or unlock",
)
parser.add_argument(
    "--relock_after",
    type=int,
    help="Minutes after which the door locks itself again",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
