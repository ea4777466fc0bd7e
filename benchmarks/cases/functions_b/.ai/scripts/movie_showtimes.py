"""List cinema showtimes for a film in a city on a given day."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--movie_title", required=True, help="Title of the film")
parser.add_argument("--city", required=True, help="City to search cinemas in")
parser.add_argument("--date", help="Day of the screening, YYYY-MM-DD; today when left out")
parser.add_argument(
    "--format",
    choices=["2d", "3d", "imax"],
    default="2d",
    help="Projection format",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
