"""Book a viewing of a property for sale or for rent at a date and time."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--address", required=True, help="Street address of the property")
parser.add_argument("--date", required=True, help="Day of the viewing, YYYY-MM-DD")
parser.add_argument("--time", required=True, help="Time of the viewing, HH:MM (24-hour)")
parser.add_argument("--contact_name", help="Name of the person coming to the viewing")
args = parser.parse_args()
print(json.dumps(vars(args)))
