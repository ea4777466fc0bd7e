"""Set the automatic arm and disarm times of a home alarm system."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--system_id",
    type=str,
    required=True,
    help="Alarm system ID, e.g. HS-2290",
)
parser.add_argument(
    "--arm_time",
    type=str,
    required=True,
    help="Time to arm as HH:MM (24-hour)",
)
parser.add_argument(
    "--disarm_time",
    type=str,
    required=True,
    help="Time to disarm as HH:MM (24-hour)",
)
parser.add_argument(
    "--days",
    choices=["daily", "weekdays", "weekends"],
    default="daily",
    help="Days the schedule applies to",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
