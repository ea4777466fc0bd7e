"""Book an appointment with a tax preparer."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--client_name",
    type=str,
    required=True,
    help="Name of the client",
)
parser.add_argument(
    "--appointment_date",
    type=str,
    required=True,
    help="Date of the appointment, YYYY-MM-DD",
)
parser.add_argument(
    "--appointment_time",
    type=str,
    help="Start time, HH:MM in 24-hour format",
)
parser.add_argument(
    "--office",
    choices=["downtown", "northside", "virtual"],
    default="downtown",
    help="Office, or virtual for a video meeting",
)
parser.add_argument(
    "--return_type",
    choices=["individual", "small_business", "amended"],
    default="individual",
    help="Kind of return to prepare",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
