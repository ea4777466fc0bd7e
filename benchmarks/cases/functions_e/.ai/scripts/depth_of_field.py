"""Calculate the near and far limits of acceptable sharpness for a lens setting."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--focal_length_mm",
    type=float,
    required=True,
    help="Focal length of the lens in mm",
)
parser.add_argument(
    "--aperture",
    type=float,
    required=True,
    help="Aperture as an f-number, e.g. 2.8",
)
parser.add_argument(
    "--subject_distance_m",
    type=float,
    required=True,
    help="Distance to the subject in metres",
)
parser.add_argument(
    "--sensor",
    choices=["full_frame", "apsc", "micro_four_thirds"],
    default="full_frame",
    help="Sensor format of the camera",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
