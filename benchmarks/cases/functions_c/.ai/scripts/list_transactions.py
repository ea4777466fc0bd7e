"""List past card and account transactions by date, amount, category or merchant."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--start_date", help="First day to include, YYYY-MM-DD")
parser.add_argument("--end_date", help="Last day to include, YYYY-MM-DD")
parser.add_argument("--min_amount", type=float, help="Smallest amount to include")
parser.add_argument(
    "--category",
    choices=[
        "groceries",
        "dining",
        "travel",
        "transport",
        "utilities",
        "entertainment",
        "shopping",
        "health",
    ],
    help="Spending category",
)
parser.add_argument("--merchant", help="Shop or company the payment went to")
args = parser.parse_args()
print(json.dumps(vars(args)))
