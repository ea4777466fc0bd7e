"""Order photo prints of an image from the print lab."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--image_file", required=True, help="File name of the image to print")
parser.add_argument(
    "--size",
    required=True,
    choices=["4x6", "5x7", "8x10", "11x14"],
    help="Print size in inches",
)
parser.add_argument("--copies", type=int, default=1, help="Number of copies")
parser.add_argument("--finish", choices=["glossy", "matte"], default="glossy", help="Paper finish")
args = parser.parse_args()
print(json.dumps(vars(args)))
