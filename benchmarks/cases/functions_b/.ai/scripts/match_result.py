"""Get the final score and key events of a match between two teams."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--home_team", required=True, help="Team that played at home")
parser.add_argument("--away_team", required=True, help="Visiting team")
parser.add_argument("--date", help="Day of the match, YYYY-MM-DD; the latest meeting when left out")
args = parser.parse_args()
print(json.dumps(vars(args)))
