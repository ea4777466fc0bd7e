"""Compare measured tire pressures with the recommended values for a vehicle."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--vehicle", required=True, help="Make or model of the vehicle")
parser.add_argument(
    "--front_psi",
    type=float,
    required=True,
    help="Measured front tire pressure in psi",
)
parser.add_argument(
    "--rear_psi",
    type=float,
    required=True,
    help="Measured rear tire pressure in psi",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
