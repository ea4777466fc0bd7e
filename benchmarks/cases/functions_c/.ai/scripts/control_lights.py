"""Turn the smart lights of a room on or off, with brightness and colour."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--room", required=True, help="Room whose lights to control")
parser.add_argument(
    "--state",
    required=True,
    choices=["on", "off"],
    help="Switch the lights on or off",
)
parser.add_argument("--brightness", type=int, help="Brightness in percent, 1-100")
parser.add_argument(
    "--color",
    choices=["warm_white", "cool_white", "daylight", "red", "blue", "green", "purple", "orange"],
    help="Light colour",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
