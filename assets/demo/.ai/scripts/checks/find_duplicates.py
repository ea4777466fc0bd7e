"""Find photos that are byte-for-byte copies of each other.

Tags: photos, duplicates, cleanup
"""

import argparse
import hashlib
import sys
from collections import defaultdict
from pathlib import Path

PHOTO_KINDS = {".jpg", ".jpeg", ".png", ".heic", ".gif", ".webp", ".tif", ".tiff"}


def digest(path: Path) -> str:
    """SHA-256 of a file, read in chunks so large photos do not fill memory."""
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", required=True, help="folder to search, recursively")
    args = parser.parse_args()
    folder = Path(args.folder).expanduser()
    if not folder.is_dir():
        print(f"no such folder: {folder}", file=sys.stderr)
        return 2
    # Only files of equal size can be equal: hash those alone.
    by_size = defaultdict(list)
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix.lower() in PHOTO_KINDS:
            by_size[path.stat().st_size].append(path)
    groups = defaultdict(list)
    for same_size in by_size.values():
        if len(same_size) > 1:
            for path in same_size:
                groups[digest(path)].append(path)
    copies = [sorted(g) for g in groups.values() if len(g) > 1]
    for group in copies:
        print(" = ".join(str(p.relative_to(folder)) for p in group))
    print(f"{len(copies)} groups of identical photos")
    return 0


if __name__ == "__main__":
    sys.exit(main())
