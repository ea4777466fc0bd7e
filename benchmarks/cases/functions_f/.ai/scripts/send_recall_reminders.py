"""Send check-up recall reminders to patients who are overdue for a visit."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--months_since_visit",
    type=int,
    default=6,
    help="Remind patients whose last visit was at least this many months ago",
)
parser.add_argument(
    "--channel",
    choices=["sms", "email", "letter"],
    default="sms",
    help="How to send the reminder: sms (text message), email or letter",
)
parser.add_argument(
    "--clinic_location",
    type=str,
    help="Clinic branch whose patients should be reminded",
)
parser.add_argument(
    "--age_group",
    choices=["all", "children", "adults", "seniors"],
    default="all",
    help="Which patients to include",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
