"""Calculate the late fee owed on a library item returned after its due date."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--days_overdue",
    type=int,
    required=True,
    help="Number of days past the due date",
)
parser.add_argument(
    "--item_type",
    choices=["book", "dvd", "magazine"],
    default="book",
    help="Kind of item",
)
parser.add_argument(
    "--daily_rate",
    type=float,
    default=0.25,
    help="Fine charged per day, in dollars",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
