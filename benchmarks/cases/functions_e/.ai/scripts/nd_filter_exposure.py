"""Work out the long shutter speed needed after adding a neutral density filter."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--base_shutter",
    required=True,
    help="Metered shutter speed without the filter, e.g. 1/125",
)
parser.add_argument(
    "--nd_stops",
    type=int,
    required=True,
    help="Strength of the ND filter in stops",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
