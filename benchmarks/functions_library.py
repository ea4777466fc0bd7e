"""One large library of function-style tools, for measuring whole calls at scale.

Merges every held-out function-style set of `benchmarks/cases/` (`functions_a` ... : tools
with argparse schemas and long requests that name numbers, units and names) into one project,
with all their cases, and optionally buries it among filler scripts (`bury.py`) up to
`--items`, as a user's library of many tools is. Each set's tools are routed among every other
set's, so a request must find its tool among hundreds:

    PYTHONPATH=. python benchmarks/functions_library.py /tmp/functions --items 600
    kiwi eval /tmp/functions/cases.jsonl --project /tmp/functions
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from benchmarks.bury import CORPUS, filler

SETS = Path(__file__).resolve().parent / "cases"


def build(out: Path, items: int = 0, seed: int = 0) -> tuple[int, int, int]:
    """Write the merged project at `out` (replaced); (tools, filler scripts, cases)."""
    sources = sorted(p for p in SETS.glob("functions_*") if p.is_dir())
    if out.exists():
        shutil.rmtree(out)
    owner: dict[str, str] = {}
    for source in sources:
        for path in sorted((source / ".ai").rglob("*.*")):
            relative = path.relative_to(source / ".ai")
            if str(relative) in owner:
                raise SystemExit(f"functions_library: {relative} is in both "
                                 f"{owner[str(relative)]} and {source.name}")
            owner[str(relative)] = source.name
            target = out / ".ai" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    cases = "".join(Path(f"{source}.jsonl").read_text(encoding="utf-8") for source in sources)
    (out / "cases.jsonl").write_text(cases, encoding="utf-8")
    tools = len(owner)
    made = filler(CORPUS, max(0, items - tools), {Path(r).stem for r in owner}, seed)
    scripts = out / ".ai" / "scripts"
    for name, text in made:
        (scripts / f"{name}.py").write_text(text, encoding="utf-8")
    return tools, len(made), len(cases.splitlines())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the project folder to write (replaced)")
    parser.add_argument("--items", type=int, default=0,
                        help="bury the tools among filler scripts up to this many items "
                             "(default: none)")
    parser.add_argument("--seed", type=int, default=0, help="the filler's qualifiers")
    args = parser.parse_args(argv)
    tools, made, cases = build(args.out, args.items, args.seed)
    print(f"{args.out}: {tools} function-style tools from {SETS.name}/functions_*, "
          f"{made} filler scripts, {cases} cases in {args.out / 'cases.jsonl'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
