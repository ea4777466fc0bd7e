"""Order copies of a key from its key code."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--key_code",
    type=str,
    required=True,
    help="Code stamped on the key or key card, e.g. KW-4471",
)
parser.add_argument(
    "--copies",
    type=int,
    required=True,
    help="Number of copies to cut (1-10)",
)
parser.add_argument(
    "--key_type",
    choices=["standard", "high_security", "car_fob", "mailbox"],
    default="standard",
    help="Kind of key",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
