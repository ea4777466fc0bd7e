"""Log an inspection of a rodent bait station on a commercial pest contract."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--station_id",
    type=str,
    required=True,
    help="Bait station code, e.g. BS-104",
)
parser.add_argument(
    "--activity",
    choices=["none", "low", "moderate", "high"],
    required=True,
    help="Level of rodent activity observed",
)
parser.add_argument(
    "--bait_replaced",
    action="store_true",
    help="Bait was replaced during this inspection",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
