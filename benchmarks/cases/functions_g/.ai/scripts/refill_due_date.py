"""Work out when a supply of medication runs out and when the next refill is allowed."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--fill_date",
    type=str,
    required=True,
    help="Date the prescription was last filled",
)
parser.add_argument(
    "--quantity",
    type=int,
    required=True,
    help="Number of tablets or capsules dispensed",
)
parser.add_argument(
    "--doses_per_day",
    type=float,
    required=True,
    help="Tablets taken per day",
)
parser.add_argument(
    "--refill_threshold_pct",
    type=int,
    default=75,
    help="Percent of the supply that must be used before insurance pays for a refill",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
