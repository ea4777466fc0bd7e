"""Take bottles out of the cellar inventory and note why."""

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
    help="Vintage year, when several are in the cellar",
)
parser.add_argument(
    "--quantity",
    type=int,
    default=1,
    help="Number of bottles taken out",
)
parser.add_argument(
    "--occasion",
    type=str,
    help="Short note on what the bottles are for",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
