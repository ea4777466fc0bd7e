"""Recommend a bicycle frame size from the rider's inseam."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--inseam_cm",
    type=float,
    required=True,
    help="Rider inseam in centimetres",
)
parser.add_argument(
    "--bike_type",
    choices=["road", "mountain", "gravel", "hybrid"],
    default="road",
    help="Kind of bicycle",
)
parser.add_argument(
    "--rider_height_cm",
    type=float,
    help="Rider height in centimetres, used to refine the fit",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
