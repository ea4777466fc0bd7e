"""Calculate the release (DIN) setting for a skier's bindings."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--weight_kg",
    type=float,
    required=True,
    help="Skier weight in kilograms",
)
parser.add_argument(
    "--height_cm",
    type=int,
    required=True,
    help="Skier height in centimetres",
)
parser.add_argument(
    "--boot_sole_mm",
    type=int,
    required=True,
    help="Boot sole length in millimetres, printed on the heel",
)
parser.add_argument(
    "--skier_type",
    choices=["cautious", "moderate", "aggressive"],
    default="moderate",
    help="Skiing style (ISO 11088 type I/II/III)",
)
parser.add_argument(
    "--age",
    type=int,
    default=30,
    help="Skier age in years; settings drop under 10 and over 50",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
