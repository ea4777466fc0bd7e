"""Count the photos in a folder by year and by kind, with the space they take.

Tags: photos, inventory, report
"""

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path

PHOTO_KINDS = {".jpg", ".jpeg", ".png", ".heic", ".gif", ".webp", ".tif", ".tiff"}
# Cameras and phones put the date in the name (IMG_20230714_101500.jpg); trust it over the mtime,
# which copying resets.
NAME_DATE = re.compile(r"(19|20)(\d{2})-?(\d{2})-?(\d{2})")


def taken_on(path: Path) -> dt.date:
    """The date a photo was taken: from its name if it has one, else its modification time."""
    match = NAME_DATE.search(path.stem)
    if match:
        try:
            year = int(match.group(1) + match.group(2))
            return dt.date(year, int(match.group(3)), int(match.group(4)))
        except ValueError:
            pass
    return dt.date.fromtimestamp(path.stat().st_mtime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", required=True, help="folder to count, searched recursively")
    parser.add_argument("--min_kb", type=int, default=0, help="ignore files smaller than this")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    args = parser.parse_args()
    folder = Path(args.folder).expanduser()
    if not folder.is_dir():
        print(f"no such folder: {folder}", file=sys.stderr)
        return 2
    smallest = args.min_kb * 1024
    photos = [
        p for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix.lower() in PHOTO_KINDS and p.stat().st_size >= smallest
    ]
    by_year = Counter(str(taken_on(p).year) for p in photos)
    by_kind = Counter(p.suffix.lower().lstrip(".") for p in photos)
    size = sum(p.stat().st_size for p in photos)
    report = {"folder": str(folder), "photos": len(photos), "bytes": size,
              "by_year": dict(sorted(by_year.items())), "by_kind": dict(by_kind.most_common())}
    if args.format == "json":
        print(json.dumps(report))
        return 0
    print(f"{len(photos)} photos, {size / 1024:.1f} KiB in {folder}")
    for year, count in report["by_year"].items():
        print(f"  {year}: {count}")
    if by_kind:
        print("  kinds: " + ", ".join(f"{kind} {n}" for kind, n in by_kind.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
