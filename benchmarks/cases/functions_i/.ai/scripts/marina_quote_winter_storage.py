"""Quote off-season storage for a boat."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--length_ft",
    type=float,
    required=True,
    help="Length overall in feet",
)
parser.add_argument(
    "--beam_ft",
    type=float,
    required=True,
    help="Beam (maximum width) in feet",
)
parser.add_argument(
    "--storage_type",
    choices=["indoor_rack", "outdoor_cradle", "shrink_wrap_yard"],
    required=True,
    help="indoor_rack, outdoor_cradle (uncovered) or shrink_wrap_yard (outdoors, shrink-wrapped)",
)
parser.add_argument(
    "--months",
    type=int,
    default=6,
    help="Storage period in months",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
