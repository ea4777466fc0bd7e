"""Draw up a treatment plan for an insect pest or disease on a tree."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--pest",
    type=str,
    required=True,
    help="Pest or disease to treat, e.g. scale insects",
)
parser.add_argument(
    "--tree_species",
    type=str,
    required=True,
    help="Common name of the affected tree species",
)
parser.add_argument(
    "--method",
    choices=["trunk_injection", "soil_drench", "foliar_spray"],
    default="soil_drench",
    help="Application method",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
