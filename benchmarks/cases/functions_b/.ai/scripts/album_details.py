"""Get the track list, release date and label of a music album."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--album_title", required=True, help="Title of the album")
parser.add_argument("--artist", help="Artist or band that released it")
args = parser.parse_args()
print(json.dumps(vars(args)))
