"""Send invitations for an event to everyone on a guest list file."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--event_name", required=True, help="Name of the event")
parser.add_argument("--guest_list", required=True, help="Path to the CSV of guests")
parser.add_argument("--rsvp_by", help="Date replies are due, YYYY-MM-DD")
args = parser.parse_args()
print(json.dumps(vars(args)))
