"""Search for flights between two cities or airports on a given date."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--origin", required=True, help="Departure city or IATA airport code")
parser.add_argument("--destination", required=True, help="Arrival city or IATA airport code")
parser.add_argument("--departure_date", required=True, help="Day of departure, YYYY-MM-DD")
parser.add_argument("--passengers", type=int, default=1, help="Number of travellers")
parser.add_argument(
    "--cabin_class",
    choices=["economy", "premium_economy", "business", "first"],
    default="economy",
    help="Cabin to search",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
