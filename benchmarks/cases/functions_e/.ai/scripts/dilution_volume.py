"""Work out how much stock solution to dilute to reach a target concentration (C1V1 = C2V2)."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--stock_molarity",
    type=float,
    required=True,
    help="Concentration of the stock solution in mol/L",
)
parser.add_argument(
    "--target_molarity",
    type=float,
    required=True,
    help="Desired concentration of the diluted solution in mol/L",
)
parser.add_argument(
    "--final_volume_ml",
    type=float,
    required=True,
    help="Total volume of diluted solution to prepare, in mL",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
