"""Log a meal or snack in the food diary with its calories."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--food", required=True, help="What was eaten")
parser.add_argument(
    "--meal",
    choices=["breakfast", "lunch", "dinner", "snack"],
    help="Which meal of the day",
)
parser.add_argument("--calories", type=int, help="Energy in kcal")
parser.add_argument("--servings", type=float, default=1.0, help="Number of servings")
args = parser.parse_args()
print(json.dumps(vars(args)))
