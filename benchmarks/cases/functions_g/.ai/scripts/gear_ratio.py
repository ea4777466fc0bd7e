"""Calculate gear ratio, gear inches and road speed for a chainring and cog at a cadence."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--chainring_teeth",
    type=int,
    required=True,
    help="Teeth on the front chainring",
)
parser.add_argument(
    "--cog_teeth",
    type=int,
    required=True,
    help="Teeth on the rear cog",
)
parser.add_argument(
    "--wheel_diameter_in",
    type=float,
    default=27.0,
    help="Wheel diameter with tire in inches",
)
parser.add_argument(
    "--cadence_rpm",
    type=int,
    default=90,
    help="Pedalling cadence in revolutions per minute",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
