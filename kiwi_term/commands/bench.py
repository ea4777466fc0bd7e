"""`kiwi bench`: the router's per-keystroke latency beside a naive baseline, memory, cold start."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kiwi_term.commands.common import (
    EXIT_OK,
    add_command,
    note,
    open_kiwi,
    print_json,
    project_dir,
    wants_json,
)
from kiwi_term.errors import KiwiError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `kiwi bench`."""
    parser = add_command(
        subparsers, "bench", handle,
        summary="measure keystroke latency, memory and cold start",
        description="Type texts one keystroke at a time through the model router, and through a "
        "naive baseline that re-evaluates the whole prompt and generates the call as free text "
        "on every keystroke, and through the same router with its adapter applied on every pass "
        "instead of merged into the model, and also scoring with llama.cpp's full output layer "
        "instead of the hidden-state shortcut, all in the same run; report medians, 95th "
        "percentiles, their ratios, each text's settled prediction once typed, resident "
        "memory of router plus embedder, and a fresh "
        "process's time to its first prediction. Texts come from --cases, else from the "
        "library's own descriptions.",
        examples=[
            "kiwi bench --project ../shared/eval/dev/project",
            "kiwi bench --cases cases.jsonl --naive 40 --json",
            "kiwi bench --cases cases.jsonl --params-cases cases_params.jsonl",
        ],
    )
    parser.add_argument("--cases", type=Path, default=None, help="case file whose texts to type")
    parser.add_argument("--params-cases", type=Path, default=None, metavar="CASES",
                        help="case file whose texts are also predicted as settled, to time the "
                        "filling of a run's params (e.g. cases naming params)")
    parser.add_argument("--naive", type=int, default=30, metavar="N",
                        help="keystrokes for the (slow) baseline (default 30)")


def handle(args: argparse.Namespace) -> int:
    """Run the benchmark and print it."""
    from kiwi_term.commands.route import build_router
    from predictors.measure.bench import cold_start_seconds, run_bench
    from predictors.measure.evaluate import load_cases

    kiwi = open_kiwi(args)
    if not kiwi.library.items():
        raise KiwiError("the library is empty: point --project at a folder with .ai/ items")
    started = time.perf_counter()
    router, similarity = build_router(kiwi, "gguf")
    if args.cases:
        texts = [c.text for c in load_cases(args.cases)]
    else:
        texts = [i.summary.lower().rstrip(".") for i in kiwi.library.items()]
    from context_cache.warm import WarmCache
    from predictors.measure.driver import LoopDriver

    warm = WarmCache(kiwi.library, similarity)
    with LoopDriver(router, warm, similarity=similarity, close_router=True) as loop:
        startup = time.perf_counter() - started
        # Embed the items, as the app does at start, on the loop's thread like every pass.
        loop.on_loop(lambda: similarity.item_matrix(warm.context().items))
        params_texts = ([c.text for c in load_cases(args.params_cases)]
                        if args.params_cases else [])
        result = run_bench(loop, texts, args.naive, log=note, params_texts=params_texts)
    result["router_start_s"] = round(startup, 2)
    note("measuring a fresh process's cold start")
    project = project_dir(args)
    result["cold_start_s"] = round(cold_start_seconds(str(project) if project else None), 2)
    if wants_json(args):
        print_json(result)
        return EXIT_OK
    ours, naive = result["router"], result["naive"]
    print(f"{'':<28}{'p50 ms':>10}{'p95 ms':>10}{'keystrokes':>12}")
    rows = [("router (prefix reuse, menu)", ours),
            ("  adapter applied per pass", result.get("without_merge")),
            ("  and full output layer", result["without_merge_or_shortcut"]),
            ("naive (full prompt, text)", naive)]
    for label, row in rows:
        if row is not None:
            print(f"{label:<28}{row['p50_ms']:>10.2f}{row['p95_ms']:>10.2f}"
                  f"{row['keystrokes']:>12}")
    savings = [f"the hidden-state shortcut saves {result['shortcut_saving_p50']:.0%}"]
    if "merge_saving_p50" in result:
        savings.insert(0, f"merging the adapter saves {result['merge_saving_p50']:.0%}")
    settled = result["settled"]
    print(f"each text once typed, predicted as settled (request evaluated again): "
          f"p50 {settled['p50_ms']:.2f} ms, p95 {settled['p95_ms']:.2f} ms")
    if "params" in result:
        filled = result["params"]
        print(f"filling the top run's params on a settled text ({filled['texts']} texts): "
              f"p50 {filled['p50_ms']:.2f} ms, p95 {filled['p95_ms']:.2f} ms")
    if "params_model" in result:
        asked = result["params_model"]
        print(f"  of which the model answered an input ({asked['texts']} texts): "
              f"p50 {asked['p50_ms']:.2f} ms, p95 {asked['p95_ms']:.2f} ms")
    print(f"speed-up at the median: {result['speedup_p50']}x over the baseline; "
          + ", ".join(savings))
    menus = result["menu_eval_ms"]
    print(f"evaluating the menu ({result['menu_tokens']} tokens) from an empty cache: "
          + ", ".join(f"{name.replace('_', ' ')} {ms:.0f} ms" for name, ms in menus.items()))
    print(f"resident memory, router + embedder: {result['rss_mb_router_and_embedder']} MB")
    print(f"router start in this process: {result['router_start_s']} s; fresh process to first "
          f"prediction (model and embedder): {result['cold_start_s']} s")
    return EXIT_OK
