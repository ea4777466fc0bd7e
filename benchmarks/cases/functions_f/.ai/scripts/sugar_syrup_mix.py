"""Work out how much sugar and water to mix to feed bee colonies syrup."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--volume_per_hive_l",
    type=float,
    required=True,
    help="Litres of syrup to give each hive",
)
parser.add_argument(
    "--hives",
    type=int,
    default=1,
    help="Number of hives to feed",
)
parser.add_argument(
    "--ratio",
    choices=["1:1", "2:1"],
    default="1:1",
    help="Sugar to water ratio by weight: 1:1 light spring syrup or 2:1 heavy autumn syrup",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
