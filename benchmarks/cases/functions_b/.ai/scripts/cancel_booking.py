"""Cancel a flight, hotel, car or restaurant booking by its confirmation code."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--confirmation_code", required=True, help="Confirmation code of the booking")
parser.add_argument(
    "--booking_type",
    required=True,
    choices=["flight", "hotel", "car", "restaurant"],
    help="What was booked",
)
parser.add_argument("--reason", help="Why the booking is cancelled, in a few words")
args = parser.parse_args()
print(json.dumps(vars(args)))
