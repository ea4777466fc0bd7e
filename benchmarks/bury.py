"""Bury a project's library among thousands of other items, for measuring Kiwi at scale.

Copies the project's `.ai/` and adds filler scripts made from the training corpus: every corpus
item in numbered variants whose descriptions differ by a qualifier, so the filler holds many
near-duplicates, as a library grown over months does. The project's own cases stay valid:

    PYTHONPATH=. python benchmarks/bury.py ../shared/eval/dev/project /tmp/buried --items 10000
    kiwi route "restart the api deployment" --project /tmp/buried
    kiwi eval ../shared/eval/dev/cases.jsonl --project /tmp/buried
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "assets" / "training" / "libraries"
QUALIFIERS = ("for the staging copy", "in bulk", "the legacy way", "for one folder",
              "with a dry run first", "for last month", "quickly", "and keep a log",
              "for the shared drive", "for the archive", "nightly", "by hand")


def filler(corpus: Path, count: int, taken: set[str], seed: int = 0,
           leave_out: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(id, script source) for `count` filler scripts whose ids are not in `taken`, made from
    the corpus's libraries but those named in `leave_out`."""
    items = []
    for path in sorted(corpus.glob("*.json")):
        if path.stem not in leave_out:
            items.extend(json.loads(path.read_text(encoding="utf-8"))["items"])
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    variant = 0
    while len(out) < count:
        variant += 1
        for item in items:
            if len(out) >= count:
                break
            name = f"{item['id']}_v{variant}"
            if name in taken:
                continue
            what = f"{item['description'].rstrip('.')} {rng.choice(QUALIFIERS)}."
            tags = ", ".join(item.get("tags", [])[:3])
            taken.add(name)
            out.append((name, f'"""{what}\n\nTags: {tags}\n"""\nprint("ok")\n'))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path, help="the project whose .ai/ to bury")
    parser.add_argument("out", type=Path, help="the new project folder (replaced)")
    parser.add_argument("--items", type=int, default=10_000, help="items in all (default 10000)")
    args = parser.parse_args(argv)
    source = args.project / ".ai"
    if not source.is_dir():
        print(f"bury: no .ai/ in {args.project}", file=sys.stderr)
        return 2
    if args.out.exists():
        shutil.rmtree(args.out)
    shutil.copytree(source, args.out / ".ai")
    own = {p.stem for kind in ("directives", "scripts", "knowledge")
           for p in (args.out / ".ai" / kind).glob("*.*")}
    scripts = args.out / ".ai" / "scripts"
    scripts.mkdir(parents=True, exist_ok=True)
    made = filler(CORPUS, max(0, args.items - len(own)), set(own))
    for name, text in made:
        (scripts / f"{name}.py").write_text(text, encoding="utf-8")
    print(f"{args.out}: {len(own)} items of the project among {len(made)} filler scripts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
