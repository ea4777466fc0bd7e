"""File a flight plan with air traffic services."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--departure", required=True, help="ICAO code of the departure airport")
parser.add_argument("--destination", required=True, help="ICAO code of the destination airport")
parser.add_argument("--departure_time", required=True, help="Estimated departure time in UTC, HHMM")
parser.add_argument(
    "--flight_rules",
    choices=["VFR", "IFR"],
    default="VFR",
    help="Flight rules for the flight",
)
parser.add_argument("--tail_number", help="Registration of the aircraft")
args = parser.parse_args()
print(json.dumps(vars(args)))
