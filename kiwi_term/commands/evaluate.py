"""`kiwi eval CASES`: the router's accuracy and calibration on a case file (kiwi-format §6)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiwi_term.commands.common import EXIT_OK, add_command, open_kiwi, print_json, wants_json
from kiwi_term.commands.route import add_router_option, build_router, index_large_library
from kiwi_term.errors import KiwiError

ROWS = (
    ("cases", "cases", "{:d}"),
    ("accuracy", "accuracy", "{:.3f}"),
    ("auto_precision", "auto precision (>= 0.85 runs on Enter)", "{:.3f}"),
    ("auto_coverage", "auto coverage", "{:.3f}"),
    ("none_accuracy", "no-call accuracy", "{:.3f}"),
    ("top3_accuracy", "top-3 accuracy (Tab, Alt+1..3)", "{:.3f}"),
    ("params_cases", "cases naming params", "{:d}"),
    ("params_accuracy", "  whole call right (params too)", "{:.3f}"),
    ("ece", "calibration error (ECE)", "{:.4f}"),
    ("ece_by_chance_median", "  a calibrated router's, by chance", "{:.4f}"),
    ("lockin_median", "lock-in, median typed fraction", "{:.3f}"),
    ("typing_accuracy", "typing accuracy (from half the text)", "{:.3f}"),
    ("latency_ms_p50", "latency per keystroke p50 (ms)", "{:.2f}"),
    ("latency_ms_p95", "latency per keystroke p95 (ms)", "{:.2f}"),
    ("retrieval_ms_p50", "  of it finding the items, p50 (ms)", "{:.3f}"),
    ("retrieval_ms_p95", "  of it finding the items, p95 (ms)", "{:.3f}"),
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `kiwi eval`."""
    parser = add_command(
        subparsers, "eval", handle,
        summary="measure the router on a case file",
        description="Route every case of a JSON Lines case file against the project's library "
        "and report accuracy, precision of Enter auto-runs, coverage, no-call accuracy and "
        "calibration error. --keystrokes predicts every prefix as a user typing would and adds "
        "lock-in and per-keystroke latency.",
        examples=[
            "kiwi eval cases.jsonl --project ../shared/eval/dev/project",
            "kiwi eval cases.jsonl --keystrokes --json",
            "kiwi eval cases.jsonl --project big/ --keystrokes --typing-gap 150",
            "kiwi eval cases.jsonl --router embedding --verbose",
        ],
    )
    parser.add_argument("cases", type=Path, help="JSON Lines file of cases")
    parser.add_argument("--keystrokes", action="store_true",
                        help="also predict every prefix (lock-in and latency)")
    parser.add_argument("--typing-gap", type=float, default=0.0, metavar="MS",
                        help="with --keystrokes, milliseconds from one key to the next (a typist "
                        "takes 100-250); the router prepares a large library's menus in the "
                        "gaps, and each prefix is judged by what is shown when the next key "
                        "comes (default 0: as fast as the router answers)")
    parser.add_argument("--verbose", action="store_true",
                        help="print each case that did not match")
    add_router_option(parser)


def handle(args: argparse.Namespace) -> int:
    """Evaluate and print the metrics."""
    from predictors.measure.cases import run_cases

    if not args.cases.is_file():
        raise KiwiError(f"no case file {args.cases}")
    kiwi = open_kiwi(args)
    router, similarity = build_router(kiwi, args.router)
    misses = []

    def on_case(case, result, ok):
        if not ok:
            top = result.top
            got = f"{top.call.readable()} {top.confidence:.2f}" if top else "none"
            misses.append(f"  {case.id}: {case.text!r} -> {got}; expected {case.expect}")

    if args.typing_gap < 0:
        raise KiwiError("--typing-gap must be 0 or more milliseconds")
    metrics = run_cases(kiwi, router, args.cases, keystrokes=args.keystrokes,
                        similarity=similarity, on_case=on_case,
                        prepare=lambda loop: index_large_library(kiwi, loop, similarity),
                        typing_gap=args.typing_gap / 1000)
    if wants_json(args):
        print_json(metrics)
        return EXIT_OK
    print(f"router: {metrics['router']}")
    for key, label, fmt in ROWS:
        if key in metrics:
            print(f"  {label:<40} {fmt.format(metrics[key])}")
    if args.verbose and misses:
        print("did not match:")
        print("\n".join(misses))
    return EXIT_OK
