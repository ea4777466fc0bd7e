"""Start a return for an item of an order and get a return label."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--order_id", required=True, help="Order number the item came in")
parser.add_argument("--item_name", required=True, help="Which item of the order to return")
parser.add_argument(
    "--reason",
    required=True,
    choices=["damaged", "wrong_item", "wrong_size", "not_as_described", "changed_mind"],
    help="Why it goes back",
)
parser.add_argument(
    "--refund_method",
    choices=["original_payment", "store_credit"],
    default="original_payment",
    help="How to refund",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
