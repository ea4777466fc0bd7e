"""Book a studio photo session for a client."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--client_name", required=True, help="Name of the client")
parser.add_argument("--date", required=True, help="Session date, YYYY-MM-DD")
parser.add_argument(
    "--session_type",
    required=True,
    choices=["portrait", "family", "headshot", "product"],
    help="Kind of session",
)
parser.add_argument("--hours", type=float, default=1.0, help="Length of the session in hours")
args = parser.parse_args()
print(json.dumps(vars(args)))
