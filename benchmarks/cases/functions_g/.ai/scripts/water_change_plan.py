"""Plan the size of a water change that brings nitrate down to a target level."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--current_nitrate_ppm",
    type=float,
    required=True,
    help="Nitrate measured now, in ppm",
)
parser.add_argument(
    "--target_nitrate_ppm",
    type=float,
    required=True,
    help="Nitrate wanted after the change, in ppm",
)
parser.add_argument(
    "--tank_litres",
    type=float,
    required=True,
    help="Tank volume in litres",
)
parser.add_argument(
    "--tap_nitrate_ppm",
    type=float,
    default=0.0,
    help="Nitrate in the replacement water, in ppm",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
