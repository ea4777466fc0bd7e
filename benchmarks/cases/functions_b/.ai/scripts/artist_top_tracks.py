"""List an artist's most played tracks in a country."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--artist_name", required=True, help="Name of the artist or band")
parser.add_argument(
    "--country",
    default="US",
    help="Country of the charts, as a two-letter code or a name",
)
parser.add_argument("--limit", type=int, default=10, help="How many tracks to list")
args = parser.parse_args()
print(json.dumps(vars(args)))
