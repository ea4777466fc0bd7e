"""Quote the monthly price of a recurring pool cleaning plan."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--pool_type",
    choices=["inground", "above_ground", "spa"],
    required=True,
    help="Type of pool or spa",
)
parser.add_argument(
    "--visits_per_month",
    type=int,
    required=True,
    help="Number of service visits per month (1-8)",
)
parser.add_argument(
    "--postcode",
    type=str,
    required=True,
    help="Postcode or ZIP code of the property",
)
parser.add_argument(
    "--salt_system",
    action="store_true",
    help="Pool uses a saltwater chlorine generator",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
