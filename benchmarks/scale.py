"""Routing quality and speed as a library grows: 25, 500, 2,000 and 10,000 items, the keystroke
router beside the embedding-only router, in one run.

Each library holds the items of the two domains the shipped adapter was never trained on
(`hr_recruiting`, `ecommerce_inventory`: 40 items, with the cases `large_library.py` draws from
their requests) among filler scripts made from the eight other libraries of the training corpus
(`bury.py`: numbered variants whose descriptions differ by a qualifier, so the filler is full of
near-duplicates of each other, though not of the items the cases ask for). The 25-item
library holds the first 25 held-out items and only their cases. Every figure comes from `kiwi
eval` and `kiwi route`, run as a user runs them:

    PYTHONPATH=. python benchmarks/scale.py /tmp/scale --sizes 25,500,2000,10000

Libraries are written once and reused (and so is each one's search index); `--fresh` writes them
again. Results go to FOLDER/results.json and a Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.bury import CORPUS, filler
from benchmarks.large_library import write_project

HELD_OUT = ("hr_recruiting", "ecommerce_inventory")
KINDS = {"directives": "directive", "scripts": "script", "knowledge": "knowledge"}


def build(root: Path, size: int, seed: int = 5) -> int:
    """Write a library of `size` items with its cases at `root`; returns its case count."""
    write_project(root, list(HELD_OUT), seed)
    ai = root / ".ai"
    own = sorted(p for kind in ("directives", "scripts", "knowledge")
                 for p in (ai / kind).glob("*.*"))
    cases = [json.loads(line) for line in (root / "cases.jsonl").read_text().splitlines()]
    if size < len(own):
        for path in own[size:]:
            path.unlink()
        kept = {(KINDS[p.parent.name], p.stem) for p in own[:size]}
        cases = [c for c in cases if _keeps(c, kept)]
    else:
        taken = {p.stem for p in own}
        scripts = ai / "scripts"
        for name, text in filler(CORPUS, size - len(own), taken, seed, leave_out=HELD_OUT):
            (scripts / f"{name}.py").write_text(text, encoding="utf-8")
    (root / "cases.jsonl").write_text("".join(json.dumps(c) + "\n" for c in cases))
    return len(cases)


def _keeps(case: dict, kept: set[tuple[str, str]]) -> bool:
    arguments = (case.get("expect") or {}).get("arguments", {})
    if "item_id" not in arguments:
        return True
    return (arguments["item_type"], arguments["item_id"]) in kept


def kiwi(*args: str) -> tuple[dict, float, float]:
    """Run a kiwi command with --json; (its output, seconds, peak resident MB of the children
    so far)."""
    command = shutil.which("kiwi") or sys.exit("scale: no `kiwi` on PATH (pip install -e .)")
    started = time.perf_counter()
    done = subprocess.run([command, *args, "--json"], capture_output=True, text=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"scale: kiwi {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return json.loads(done.stdout), took, peak


def measure(root: Path, routers: list[str], typed: int, gap: int) -> dict:
    """Every figure of one library."""
    cases = root / "cases.jsonl"
    tool = [line for line in cases.read_text().splitlines()
            if json.loads(line).get("expect") is not None][:typed]
    subset = root / "typed.jsonl"
    subset.write_text("".join(line + "\n" for line in tool))
    out: dict = {"items": sum(1 for _ in (root / ".ai").rglob("*.*")),
                 "cases": len(cases.read_text().splitlines()), "typed_cases": len(tool)}
    # The first run indexes the library (once; later processes reuse the index).
    _, first, _ = kiwi("route", "offboard tom", "--project", str(root))
    out["first_route_s"] = round(first, 1)
    _, again, _ = kiwi("route", "offboard tom", "--project", str(root))
    out["route_s_index_cached"] = round(again, 1)
    for router in routers:
        settled, _, _ = kiwi("eval", str(cases), "--project", str(root), "--router", router)
        typing, _, peak = kiwi("eval", str(subset), "--project", str(root), "--router", router,
                               "--keystrokes", "--typing-gap", str(gap))
        out[router] = {
            **{k: settled[k] for k in ("accuracy", "top3_accuracy", "auto_precision",
                                       "auto_coverage", "none_accuracy", "ece")},
            **{f"typing_{k}": typing.get(k) for k in (
                "lockin_median", "typing_accuracy", "latency_ms_p50", "latency_ms_p95")},
            "peak_rss_mb": round(peak),
        }
    return out


def table(results: dict) -> str:
    """The results as Markdown."""
    rows = ["| items | router | accuracy | top3 | auto_precision | auto_coverage | ECE | "
            "typing lock-in | typing_accuracy | keystroke p50 / p95 ms |",
            "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for size, figures in results.items():
        for router in ("gguf", "embedding"):
            f = figures.get(router)
            if f is None:
                continue
            rows.append(
                f"| {size} | {router} | {f['accuracy']} | {f['top3_accuracy']} | "
                f"{f['auto_precision']} | {f['auto_coverage']} | {f['ece']} | "
                f"{f['typing_lockin_median']} | {f['typing_typing_accuracy']} | "
                f"{f['typing_latency_ms_p50']} / {f['typing_latency_ms_p95']} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where the libraries and results go")
    parser.add_argument("--sizes", default="25,500,2000,10000",
                        help="library sizes, comma-separated (default 25,500,2000,10000)")
    parser.add_argument("--routers", default="gguf,embedding",
                        help="routers to compare (default gguf,embedding)")
    parser.add_argument("--typed", type=int, default=40, metavar="N",
                        help="tool cases typed keystroke by keystroke (default 40)")
    parser.add_argument("--typing-gap", type=int, default=150, metavar="MS",
                        help="milliseconds between keys when typing (default 150)")
    parser.add_argument("--fresh", action="store_true", help="write the libraries again")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes: not a list of numbers: {args.sizes}")
    if not sizes or min(sizes) < 1:
        parser.error("--sizes: give at least one size of 1 or more")
    results_file = args.folder / "results.json"
    results = json.loads(results_file.read_text()) if results_file.is_file() else {}
    for size in sizes:
        root = args.folder / str(size)
        if args.fresh and root.exists():
            shutil.rmtree(root)
        if not root.exists():
            count = build(root, size)
            print(f"wrote {size} items and {count} cases to {root}", file=sys.stderr)
        print(f"measuring {size} items", file=sys.stderr)
        results[str(size)] = measure(root, args.routers.split(","), args.typed, args.typing_gap)
        args.folder.mkdir(parents=True, exist_ok=True)
        results_file.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
