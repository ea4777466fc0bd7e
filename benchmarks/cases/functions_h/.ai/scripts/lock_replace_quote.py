"""Quote replacing the lock on a door with new hardware."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--door",
    type=str,
    required=True,
    help="Which door, e.g. front door, garage side door",
)
parser.add_argument(
    "--lock_style",
    choices=["deadbolt", "knob", "lever", "smart", "mortise"],
    required=True,
    help="Style of the new lock",
)
parser.add_argument(
    "--security_grade",
    type=int,
    choices=[1, 2, 3],
    default=2,
    help="ANSI/BHMA security grade (1 = highest)",
)
parser.add_argument(
    "--quantity",
    type=int,
    default=1,
    help="Number of locks to fit on that door",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
