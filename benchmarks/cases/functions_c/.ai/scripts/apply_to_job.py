"""Submit an application to a job posting with a resume and an optional cover letter."""

import argparse
import json

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--job_id", required=True, help="Reference of the job posting")
parser.add_argument("--resume", required=True, help="Path to the resume file")
parser.add_argument("--cover_letter", help="Path to a cover letter file")
parser.add_argument("--start_date", help="Earliest day the applicant can start, YYYY-MM-DD")
args = parser.parse_args()
print(json.dumps(vars(args)))
