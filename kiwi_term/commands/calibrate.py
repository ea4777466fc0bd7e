"""`kiwi calibrate CASES`: how the router weighs a large library's evidence, fitted on cases
routed there through the routing loop the terminal runs."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

from kiwi_term.commands.common import EXIT_OK, add_command, open_kiwi, print_json, wants_json
from kiwi_term.errors import KiwiError

MIN_ROWS = 40
"""Fewer cases with their answer in the menu than this, and no fit is written."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `kiwi calibrate`."""
    parser = add_command(
        subparsers, "calibrate", handle,
        summary="fit the router's weights for a library larger than one menu",
        description="Route every case of the case files on the project's library, as `kiwi "
        "eval` does, and fit how the router weighs its evidence on a settled text when the "
        "library outgrows one menu: a temperature for the model's logits and a weight for the "
        "retriever's score over the whole library (rarer words count more there), beside word "
        "overlap, naming and similarity at the weights of the whole-request fit. The fit "
        "is written under \"large\" in the calibration beside the router adapter "
        "(KIWI_ROUTER_ADAPTER, or the shipped one); the "
        "fits for smaller libraries and for text being typed are kept as they are. The "
        "library must be larger than one menu (about 22 items). Give cases the router was "
        "not tuned on, and measure on others.",
        examples=[
            "kiwi calibrate big/cases.jsonl --project big/",
            "kiwi calibrate a.jsonl b.jsonl --project big/ --dry-run --json",
        ],
    )
    parser.add_argument("cases", type=Path, nargs="+", help="JSON Lines files of cases")
    parser.add_argument("--dry-run", action="store_true",
                        help="fit and report, but write nothing")


def handle(args: argparse.Namespace) -> int:
    """Route, fit and write the large-library calibration."""
    from kiwi_term.commands.route import build_router, index_large_library
    from predictors.measure.cases import run_cases
    from predictors.router.calibration import (
        Row,
        calibration_path,
        fit_large,
        read_fits,
        write_fits,
    )
    from predictors.router.menu import item_capacity
    from predictors.runtime.models import adapter_path

    for path in args.cases:
        if not path.is_file():
            raise KiwiError(f"no case file {path}")
    adapter = adapter_path()
    if adapter is None:
        raise KiwiError("no router adapter to calibrate (KIWI_ROUTER_ADAPTER, or the shipped "
                        "assets/router/kiwi-router.gguf)")
    kiwi = open_kiwi(args)
    items = kiwi.library.items()
    if item_capacity(items) >= len(items):
        raise KiwiError(f"the library holds {len(items)} items, which fit one menu: its texts "
                        "use the whole-request calibration; give a larger library")
    router, similarity = build_router(kiwi, "gguf")
    seen: list[tuple[Any, ...]] = []
    router.observe = lambda menu, logits, *evidence: seen.append(  # type: ignore[attr-defined]
        (menu, logits, *evidence))
    rows: list[Row] = []
    counts = {"cases": 0, "answer_not_in_menu": 0, "not_fitted": 0}

    def on_case(case, result, ok):
        counts["cases"] += 1
        if not seen:
            counts["not_fitted"] += 1
            return
        menu, logits, lexical, naming, semantic, retrieval = seen[-1]
        seen.clear()
        right = answer_index(menu, case.expect)
        if right is None:
            counts["answer_not_in_menu" if _names_item(case.expect) else "not_fitted"] += 1
            return
        if lexical is None or naming is None or semantic is None or retrieval is None:
            counts["not_fitted"] += 1
            return
        rows.append(Row(np.asarray(logits), lexical, semantic, naming, right,
                        retrieval=retrieval))

    for path in args.cases:
        run_cases(kiwi, router, path, similarity=similarity, on_case=on_case,
                  prepare=lambda loop: index_large_library(kiwi, loop, similarity))
    if len(rows) < MIN_ROWS:
        raise KiwiError(f"only {len(rows)} cases had their answer in the router's menu "
                        f"(of {counts['cases']}); a fit needs at least {MIN_ROWS}")
    start = read_fits(adapter).whole
    fitted = fit_large(rows, start)
    fitted["cases"] = {**counts, "fitted": len(rows),
                       "files": [str(p) for p in args.cases]}
    written = None
    if not args.dry_run:
        path = calibration_path(adapter)
        stored = json.loads(path.read_text()) if path.is_file() else {
            "temperature": start.temperature}
        stored["large"] = fitted
        written = str(write_fits(adapter, stored))
    if wants_json(args):
        print_json({**fitted, "written": written})
        return EXIT_OK
    before = fitted["before"]
    print(f"{len(rows)} of {counts['cases']} cases fitted ({counts['answer_not_in_menu']} "
          f"had their item outside the menu, {counts['not_fitted']} asked for no item)")
    print(f"  accuracy {before['accuracy']:.3f} -> {fitted['accuracy']:.3f}, NLL "
          f"{before['nll']:.3f} -> {fitted['nll']:.3f}, ECE {before['ece']:.4f} -> "
          f"{fitted['ece']:.4f}")
    print(f"  temperature {fitted['temperature']}, lexical {fitted['lexical_weight']}, "
          f"semantic {fitted['semantic_weight']}, naming {fitted['naming_weight']}, "
          f"retrieval {fitted['retrieval_weight']}")
    print(f"written to {written}" if written else "not written (--dry-run)")
    return EXIT_OK


def answer_index(menu: Any, expect: dict[str, Any] | None) -> int | None:
    """The menu line a case expects: its item's run or load line, or the none line; None when
    the case asks for something else (a search, a new item) or its item is not on the menu."""
    decisions = menu.decisions
    if expect is None:
        return next((n for n, d in enumerate(decisions) if d.verb == "none"), None)
    verb = {"execute": "run", "load": "load"}.get(expect.get("name", ""))
    arguments = expect.get("arguments") or {}
    for n, decision in enumerate(decisions):
        item = decision.item
        if (verb is not None and decision.verb == verb and item is not None
                and item.id == arguments.get("item_id")
                and item.type.value == arguments.get("item_type")):
            return n
    return None


def _names_item(expect: dict[str, Any] | None) -> bool:
    return expect is not None and expect.get("name") in ("execute", "load")
