"""Look up how long a glued joint must stay clamped before it can be worked."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--glue",
    required=True,
    choices=["pva", "titebond_iii", "hide_glue", "epoxy", "polyurethane", "ca"],
    help="Adhesive used",
)
parser.add_argument(
    "--temperature_f",
    type=float,
    default=70.0,
    help="Shop temperature in degrees Fahrenheit",
)
parser.add_argument(
    "--humidity_pct",
    type=float,
    default=50.0,
    help="Relative humidity in percent",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
