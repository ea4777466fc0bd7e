"""Record the findings of a beehive inspection in the apiary log."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--hive_id",
    type=str,
    required=True,
    help="Identifier of the hive, e.g. H1",
)
parser.add_argument(
    "--inspection_date",
    type=str,
    required=True,
    help="Date of the inspection (YYYY-MM-DD)",
)
parser.add_argument(
    "--queen_seen",
    choices=["yes", "no"],
    default="no",
    help="Whether the queen was sighted",
)
parser.add_argument(
    "--brood_frames",
    type=int,
    help="Number of frames with brood",
)
parser.add_argument(
    "--temperament",
    choices=["calm", "nervous", "defensive"],
    default="calm",
    help="Behaviour of the colony",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
