"""Calculate the strike water temperature needed to hit a target mash temperature."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--grain_weight_kg",
    type=float,
    required=True,
    help="Weight of the grain bill in kilograms",
)
parser.add_argument(
    "--water_volume_l",
    type=float,
    required=True,
    help="Volume of mash water in litres",
)
parser.add_argument(
    "--target_mash_temp_c",
    type=float,
    required=True,
    help="Desired mash temperature in degrees Celsius",
)
parser.add_argument(
    "--grain_temp_c",
    type=float,
    default=20.0,
    help="Temperature of the grain in degrees Celsius",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
