"""Fetch the lyrics of a song by its title and artist."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--song_title", required=True, help="Title of the song")
parser.add_argument("--artist", help="Performing artist or band, to tell covers apart")
args = parser.parse_args()
print(json.dumps(vars(args)))
