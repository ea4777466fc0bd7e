"""Find a film by title and release year, with its cast, runtime and rating."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--title", required=True, help="Title of the film")
parser.add_argument("--year", type=int, help="Release year, to tell remakes apart")
args = parser.parse_args()
print(json.dumps(vars(args)))
