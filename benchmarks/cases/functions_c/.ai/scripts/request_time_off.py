"""Request leave from work between two dates."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--start_date", required=True, help="First day off, YYYY-MM-DD")
parser.add_argument("--end_date", required=True, help="Last day off, YYYY-MM-DD")
parser.add_argument(
    "--leave_type",
    choices=["vacation", "sick", "parental", "unpaid", "bereavement"],
    default="vacation",
    help="Kind of leave",
)
parser.add_argument("--note", help="Note for the manager")
args = parser.parse_args()
print(json.dumps(vars(args)))
