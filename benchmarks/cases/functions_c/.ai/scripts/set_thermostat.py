"""Set the target temperature and mode of a smart thermostat."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--zone", required=True, help="Room or zone the thermostat controls")
parser.add_argument("--temperature", type=float, required=True, help="Target temperature")
parser.add_argument(
    "--unit",
    choices=["celsius", "fahrenheit"],
    default="celsius",
    help="Scale of the temperature",
)
parser.add_argument(
    "--mode",
    choices=["heat", "cool", "auto", "eco", "off"],
    default="auto",
    help="Operating mode",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
