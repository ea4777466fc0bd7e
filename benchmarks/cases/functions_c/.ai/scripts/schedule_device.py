"""Schedule a smart plug or appliance to switch on or off at a time of day."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--device", required=True, help="Name of the device, as set in the home app")
parser.add_argument(
    "--action",
    required=True,
    choices=["turn_on", "turn_off"],
    help="What to do at that time",
)
parser.add_argument("--time", required=True, help="Time of day, HH:MM (24-hour)")
parser.add_argument(
    "--repeat",
    choices=["once", "daily", "weekdays", "weekends"],
    default="once",
    help="How often to repeat",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
