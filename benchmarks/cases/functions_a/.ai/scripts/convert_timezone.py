"""Convert a clock time from one time zone to another."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--time", required=True, help="Clock time to convert, HH:MM in 24-hour form")
parser.add_argument(
    "--from_zone",
    required=True,
    help="Time zone of the given time, as a city or IANA name such as Europe/Paris",
)
parser.add_argument(
    "--to_zone",
    required=True,
    help="Time zone to convert into, as a city or IANA name",
)
parser.add_argument(
    "--date",
    help="Day of the time, YYYY-MM-DD, for daylight saving; today when left out",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
