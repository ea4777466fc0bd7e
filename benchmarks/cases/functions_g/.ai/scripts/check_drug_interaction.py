"""Check two medications for known interactions."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--drug_a",
    type=str,
    required=True,
    help="First medication name",
)
parser.add_argument(
    "--drug_b",
    type=str,
    required=True,
    help="Second medication name",
)
parser.add_argument(
    "--severity_threshold",
    choices=["minor", "moderate", "major"],
    default="moderate",
    help="Lowest severity to report",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
