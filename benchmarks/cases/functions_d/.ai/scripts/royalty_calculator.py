"""Calculate an author's royalty earnings on book sales."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--list_price", type=float, required=True, help="Cover price of one copy")
parser.add_argument(
    "--royalty_rate",
    type=float,
    required=True,
    help="Royalty as a percent of the list price",
)
parser.add_argument("--copies_sold", type=int, required=True, help="Number of copies sold")
args = parser.parse_args()
print(json.dumps(vars(args)))
