"""Params with each case's item given: how well a run's params are read when the item is right,
apart from the router's choice of item. Judged as `kiwi eval` judges params (kiwi-format §6).

    PYTHONPATH=. python benchmarks/params_given.py benchmarks/cases/functions_b.jsonl \\
        --project benchmarks/cases/functions_b --verbose
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiwi_term.primitives import Kiwi
from predictors.measure.evaluate import params_match
from predictors.router.params import call_params


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", type=Path, help="JSON Lines cases that name params")
    parser.add_argument("--project", type=Path, required=True, help="the project of the cases")
    parser.add_argument("--verbose", action="store_true", help="print each case missed")
    args = parser.parse_args(argv)
    items = {(i.type.value, i.id): i for i in Kiwi(args.project.resolve()).library.items()}
    right = total = 0
    for line in args.cases.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        arguments = (case.get("expect") or {}).get("arguments") or {}
        if not isinstance(arguments.get("params"), dict):
            continue
        item = items.get((arguments.get("item_type"), arguments.get("item_id")))
        if item is None:
            print(f"{case['id']}: no item {arguments.get('item_id')}", file=sys.stderr)
            return 2
        got = call_params(item, case["text"], tuple(case.get("history", ())))
        total += 1
        if params_match(arguments["params"], got):
            right += 1
        elif args.verbose:
            print(f"  {case['id']}: {case['text']!r} -> {got}; expected {arguments['params']}")
    print(f"{args.cases.name}: params right with the item given {right}/{total}"
          f" = {right / max(total, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
