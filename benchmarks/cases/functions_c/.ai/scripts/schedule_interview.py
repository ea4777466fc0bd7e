"""Schedule an interview with a candidate for an open position."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--candidate", required=True, help="Full name of the candidate")
parser.add_argument("--position", required=True, help="Job title of the opening")
parser.add_argument("--date", required=True, help="Day of the interview, YYYY-MM-DD")
parser.add_argument("--time", required=True, help="Start time, HH:MM (24-hour)")
parser.add_argument(
    "--format",
    choices=["phone", "video", "onsite"],
    default="video",
    help="How the interview is held",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
