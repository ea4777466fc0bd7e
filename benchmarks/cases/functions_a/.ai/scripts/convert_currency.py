"""Convert an amount of money from one currency to another at a day's exchange rate."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--amount", type=float, required=True, help="Amount of money to convert")
parser.add_argument(
    "--from_currency",
    required=True,
    choices=["USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "INR", "MXN", "BRL", "SEK", "NZD"],
    help="ISO code of the currency the amount is in",
)
parser.add_argument(
    "--to_currency",
    required=True,
    choices=["USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "INR", "MXN", "BRL", "SEK", "NZD"],
    help="ISO code of the currency to convert into",
)
parser.add_argument(
    "--date",
    help="Day of the exchange rate, YYYY-MM-DD; today's rate when left out",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
