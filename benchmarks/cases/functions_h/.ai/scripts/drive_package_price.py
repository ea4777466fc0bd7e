"""Price a prepaid bundle of driving lessons."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--lessons",
    type=int,
    required=True,
    help="Number of one-hour lessons in the bundle (5-40)",
)
parser.add_argument(
    "--transmission",
    choices=["manual", "automatic"],
    required=True,
    help="Gearbox of the lesson car",
)
parser.add_argument(
    "--intensive",
    action="store_true",
    help="Intensive course with all lessons within two weeks",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
