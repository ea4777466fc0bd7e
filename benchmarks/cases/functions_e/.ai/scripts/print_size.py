"""Calculate the largest print size a photo supports at a given resolution."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--width_px", type=int, required=True, help="Image width in pixels")
parser.add_argument("--height_px", type=int, required=True, help="Image height in pixels")
parser.add_argument("--dpi", type=int, default=300, help="Print resolution in dots per inch")
args = parser.parse_args()
print(json.dumps(vars(args)))
