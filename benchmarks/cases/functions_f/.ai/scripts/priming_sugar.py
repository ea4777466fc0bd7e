"""Calculate how much priming sugar to add to carbonate a batch of beer in bottles."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--beer_volume_l",
    type=float,
    required=True,
    help="Volume of beer to bottle in litres",
)
parser.add_argument(
    "--co2_volumes",
    type=float,
    default=2.4,
    help="Target carbonation in volumes of CO2",
)
parser.add_argument(
    "--beer_temp_c",
    type=float,
    default=20.0,
    help="Highest temperature the beer reached after fermentation, in degrees Celsius",
)
parser.add_argument(
    "--sugar",
    choices=["corn_sugar", "table_sugar", "dry_malt_extract", "honey"],
    default="corn_sugar",
    help="Priming sugar type",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
