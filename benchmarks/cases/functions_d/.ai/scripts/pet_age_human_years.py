"""Convert a dog's or cat's age into the equivalent human age."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--species", required=True, choices=["dog", "cat"], help="Kind of animal")
parser.add_argument("--age_years", type=float, required=True, help="The pet's age in years")
parser.add_argument(
    "--size",
    choices=["small", "medium", "large"],
    default="medium",
    help="Breed size, for dogs",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
