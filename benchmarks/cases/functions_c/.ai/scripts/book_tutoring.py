"""Book a tutoring session in a subject at a date and time."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--subject", required=True, help="Subject to get help with")
parser.add_argument("--date", required=True, help="Day of the session, YYYY-MM-DD")
parser.add_argument("--time", required=True, help="Start time, HH:MM (24-hour)")
parser.add_argument(
    "--duration_minutes",
    type=int,
    choices=[30, 45, 60, 90],
    default=60,
    help="Length of the session",
)
parser.add_argument("--tutor", help="Preferred tutor's name")
args = parser.parse_args()
print(json.dumps(vars(args)))
