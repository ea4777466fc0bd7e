"""Transfer a prescription from another pharmacy to one of our stores."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--rx_number",
    type=str,
    required=True,
    help="Prescription number at the other pharmacy",
)
parser.add_argument(
    "--from_pharmacy",
    type=str,
    required=True,
    help="Name and branch of the pharmacy that holds it now",
)
parser.add_argument(
    "--from_phone",
    type=str,
    help="Phone number of the other pharmacy",
)
parser.add_argument(
    "--to_store",
    type=str,
    required=True,
    help="Our store that should receive it",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
