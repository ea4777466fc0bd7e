"""Report damage to a dock for the maintenance crew."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--dock",
    type=str,
    required=True,
    help="Dock or pier name, e.g. Dock B",
)
parser.add_argument(
    "--damage_type",
    choices=["cracked_float", "loose_cleat", "broken_board", "electrical_fault", "water_line_leak"],
    required=True,
    help="Kind of damage",
)
parser.add_argument(
    "--urgency",
    choices=["low", "normal", "urgent"],
    default="normal",
    help="How soon it needs fixing",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
