"""Rename photos to PREFIX_YYYY-MM-DD_NNN by the day they were taken (a dry run by default).

Tags: photos, rename, organize
"""

import argparse
import sys
from pathlib import Path

from photo_inventory import PHOTO_KINDS, taken_on


def truthy(text: str) -> bool:
    """Kiwi passes booleans as the words true and false."""
    return text.strip().lower() in ("true", "yes", "1", "on")


def plan(folder: Path, prefix: str, min_kb: int) -> list[tuple[Path, Path]]:
    """Pairs (old, new) for every photo whose name does not follow the rule yet."""
    photos = sorted(
        (p for p in folder.iterdir()
         if p.is_file() and p.suffix.lower() in PHOTO_KINDS and p.stat().st_size >= min_kb * 1024),
        key=lambda p: (taken_on(p), p.name),
    )
    taken = {p.name for p in folder.iterdir()}
    moves, counters = [], {}
    for photo in photos:
        if photo.name.startswith(prefix + "_"):
            continue
        day = taken_on(photo).isoformat()
        while True:
            counters[day] = counters.get(day, 0) + 1
            name = f"{prefix}_{day}_{counters[day]:03d}{photo.suffix.lower()}"
            if name not in taken:
                break
        taken.add(name)
        moves.append((photo, photo.with_name(name)))
    return moves


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", required=True, help="folder whose photos to rename")
    parser.add_argument("--prefix", default="img", help="start of each new name")
    parser.add_argument("--apply", default="false", help="true to rename, false for a dry run")
    parser.add_argument("--min_kb", type=int, default=0, help="leave out smaller files")
    args = parser.parse_args()
    folder = Path(args.folder).expanduser()
    if not folder.is_dir():
        print(f"no such folder: {folder}", file=sys.stderr)
        return 2
    moves = plan(folder, args.prefix, args.min_kb)
    apply = truthy(args.apply)
    for old, new in moves:
        if apply:
            # plan() never picks a name in use, so this cannot overwrite a photo.
            old.rename(new)
        print(f"{old.name} -> {new.name}")
    verb = "renamed" if apply else "would rename (dry run; pass apply=true to rename)"
    print(f"{verb} {len(moves)} photos")
    return 0


if __name__ == "__main__":
    sys.exit(main())
