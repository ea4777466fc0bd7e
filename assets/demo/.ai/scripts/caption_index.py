"""Write or update captions.csv, one row per photo, keeping captions already written.

Tags: photos, captions, csv
"""

import argparse
import csv
import sys
from pathlib import Path

from photo_inventory import PHOTO_KINDS, taken_on


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", required=True, help="folder of photos")
    parser.add_argument("--out", default="captions.csv", help="index file, relative to the folder")
    args = parser.parse_args()
    folder = Path(args.folder).expanduser()
    if not folder.is_dir():
        print(f"no such folder: {folder}", file=sys.stderr)
        return 2
    index = folder / args.out
    captions = {}
    if index.is_file():
        with index.open(newline="", encoding="utf-8") as handle:
            captions = {row["file"]: row.get("caption", "") for row in csv.DictReader(handle)}
    photos = sorted(p for p in folder.iterdir() if p.suffix.lower() in PHOTO_KINDS)
    tmp = index.with_suffix(".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "date", "caption"])
        for photo in photos:
            writer.writerow([photo.name, taken_on(photo).isoformat(), captions.get(photo.name, "")])
    # Write then rename, so an interrupted run never leaves half an index.
    tmp.replace(index)
    missing = sum(1 for p in photos if not captions.get(p.name))
    print(f"indexed {len(photos)} photos in {index}; {missing} still need a caption")
    return 0


if __name__ == "__main__":
    sys.exit(main())
