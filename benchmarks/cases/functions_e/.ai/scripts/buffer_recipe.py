"""Give the amounts of each component needed to prepare a laboratory buffer."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--buffer",
    required=True,
    choices=["phosphate", "tris", "acetate", "citrate"],
    help="Buffer system to prepare",
)
parser.add_argument("--ph", type=float, required=True, help="Target pH of the buffer")
parser.add_argument(
    "--volume_ml",
    type=float,
    default=1000.0,
    help="Volume of buffer to make, in mL",
)
parser.add_argument(
    "--concentration_mm",
    type=float,
    default=50.0,
    help="Buffer concentration in millimolar",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
