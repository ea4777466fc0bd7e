"""Report the electricity used by the home or by one device over a period."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--device", help="Device to report on; the whole home when left out")
parser.add_argument(
    "--period",
    choices=["today", "week", "month", "year"],
    default="today",
    help="Period to cover",
)
parser.add_argument(
    "--report",
    choices=["kwh", "cost"],
    default="kwh",
    help="Energy in kWh or what it cost",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
