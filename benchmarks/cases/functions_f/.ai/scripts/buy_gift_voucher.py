"""Buy a theatre gift voucher for someone."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--amount",
    type=float,
    required=True,
    help="Voucher value in dollars",
)
parser.add_argument(
    "--recipient_name",
    type=str,
    required=True,
    help="Name of the person receiving the voucher",
)
parser.add_argument(
    "--recipient_email",
    type=str,
    help="Email address to send the voucher to",
)
parser.add_argument(
    "--message",
    type=str,
    help="Personal message printed on the voucher",
)
parser.add_argument(
    "--delivery",
    choices=["email", "post"],
    default="email",
    help="How the voucher is sent",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
