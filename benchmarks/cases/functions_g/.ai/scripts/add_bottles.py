"""Add bottles to the cellar inventory."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--wine_name",
    type=str,
    required=True,
    help="Producer and wine name",
)
parser.add_argument(
    "--vintage",
    type=int,
    required=True,
    help="Vintage year",
)
parser.add_argument(
    "--quantity",
    type=int,
    required=True,
    help="Number of bottles",
)
parser.add_argument(
    "--bin_location",
    type=str,
    help="Rack or bin code where the bottles go",
)
parser.add_argument(
    "--purchase_price",
    type=float,
    help="Price paid per bottle",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
