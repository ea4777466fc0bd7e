"""Book a farm call from the large-animal vet."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--farm_name",
    type=str,
    required=True,
    help="Name of the farm to visit",
)
parser.add_argument(
    "--visit_date",
    type=str,
    required=True,
    help="Requested visit date",
)
parser.add_argument(
    "--reason",
    choices=["lameness", "pregnancy_check", "vaccination", "calving", "sick_animal", "herd_health"],
    required=True,
    help="Reason for the visit",
)
parser.add_argument(
    "--animal_count",
    type=int,
    default=1,
    help="Number of animals the vet will see",
)
parser.add_argument(
    "--urgent",
    choices=["yes", "no"],
    default="no",
    help="Whether the visit is urgent",
)
args = parser.parse_args()
print(json.dumps(vars(args)))
