"""Keystroke latency of the router, side by side with a naive baseline, in one run.

The baseline does what a router without prefix reuse and without a menu would: for every
keystroke it evaluates the whole prompt from scratch and generates the call as free text.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from predictors.measure.driver import LoopDriver
from predictors.router.base import WarmContext
from predictors.router.keystroke import KeystrokeRouter
from predictors.router.menu import request_text


def rss_mb() -> float:
    """Resident memory of this process in MB."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pct(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round((len(ordered) - 1) * pct / 100))]


def keystroke_times(loop: LoopDriver, texts: Sequence[str]) -> list[float]:
    """Milliseconds of each keystroke while typing each text through the routing loop, from
    handing the text over to having its prediction."""
    times = []
    for text in texts:
        for end in range(1, len(text) + 1):
            started = time.perf_counter()
            loop.predict(text[:end], (), settled=False)
            times.append((time.perf_counter() - started) * 1000)
    return times


def side_by_side(
    loop: LoopDriver, texts: Sequence[str], warm: WarmContext,
) -> tuple[dict[str, list[float]], dict[str, list[float]], list[float],
           list[tuple[float, int]]]:
    """Keystroke times of the router and of the same router without its two savings, taking
    turns text by text so that a change in the machine's speed during the run falls on all alike;
    the times of each evaluating the whole menu from an empty cache, three times in turn, as
    at start and on a change of the warm set; the router's time to predict each text as
    settled once it is typed (typing paused, or Enter), which evaluates its request again; and,
    of those settled predictions, the time spent filling the top run's params.

    "router" runs as it ships. "without_merge" applies the adapter on every pass instead of
    running the model with the adapter folded in (left out when there is no adapter), and
    "without_merge_or_shortcut" also scores through llama.cpp's full output layer instead of
    `OutputHead`. Each takes its turn inside the same routing loop.
    """
    from predictors.runtime.llama_session import LlamaSession
    from predictors.runtime.models import router_model_path

    router = loop.loop.router
    assert isinstance(router, KeystrokeRouter) and router.session is not None
    model = router.model_path or router_model_path()
    adapter = router.adapter_path

    def variants() -> dict[str, LlamaSession]:
        # Loaded on the loop's thread, which runs every pass: llama.cpp's workers are per thread.
        made = {}
        if adapter is not None:
            made["without_merge"] = LlamaSession(model, adapter, threads=router.threads,
                                                 merge=False)
        made["without_merge_or_shortcut"] = LlamaSession(
            model, adapter, threads=router.threads, merge=False, shortcut=False)
        return made

    sessions = {"router": router.session, **loop.on_loop(variants)}
    # Each embeds every text itself: a vector cached by another would flatter it.
    similarities = {name: router.similarity if name == "router"
                    else fresh_similarity(router.similarity) for name in sessions}
    times: dict[str, list[float]] = {name: [] for name in sessions}
    menus: dict[str, list[float]] = {name: [] for name in sessions}
    settled: list[float] = []
    filled: list[tuple[float, int]] = []

    def use(name: str) -> None:
        # Each session keeps its own cache of the menu.
        router.session, router.similarity = sessions[name], similarities[name]

    def menu_pass(name: str) -> float:
        use(name)
        sessions[name].forget()
        return router.prime(warm)

    try:
        for _ in range(3):
            for name in sessions:
                menus[name].append(loop.on_loop(partial(menu_pass, name)))
        for text in texts:
            for name in sessions:
                loop.on_loop(partial(use, name))
                times[name].extend(keystroke_times(loop, [text]))
                if name == "router":
                    started = time.perf_counter()
                    result = loop.predict(text, ())
                    settled.append((time.perf_counter() - started) * 1000)
                    if "params_ms" in result.detail:
                        filled.append(_filling(result))
    finally:

        def restore() -> None:
            use("router")
            for name, session in sessions.items():
                if name != "router":
                    session.close()

        loop.on_loop(restore)
    return times, menus, settled, filled


def params_times(loop: LoopDriver, texts: Sequence[str]) -> list[tuple[float, int]]:
    """Milliseconds the router spent filling the top run's params, and how many inputs the
    model answered, for each text whose settled prediction had params to fill (part of that
    prediction's time)."""
    times = []
    for text in texts:
        result = loop.predict(text, ())
        if "params_ms" in result.detail:
            times.append(_filling(result))
    return times


def _filling(result: Any) -> tuple[float, int]:
    return result.detail["params_ms"], int(result.detail.get("params_asked", 0))


def fresh_similarity(similarity: Any) -> Any:
    """An `ItemSimilarity` on the same embedder with nothing cached (None stays None)."""
    from predictors.router.similarity import ItemSimilarity

    return ItemSimilarity(similarity.embedder) if similarity is not None else None


def naive_times(session: Any, prefix: str, texts: Sequence[str], limit: int,
                max_tokens: int = 24) -> list[float]:
    """Milliseconds per keystroke for the baseline: full prompt, free-text call, every time."""
    llm = session.llm
    session.forget()
    times = []
    prefixes = [t[:end] for t in texts for end in range(1, len(t) + 1)]
    step = max(1, len(prefixes) // limit)
    for typed in prefixes[::step][:limit]:
        prompt = prefix + request_text(typed) + "call: "
        started = time.perf_counter()
        llm.reset()
        llm.create_completion(prompt, max_tokens=max_tokens, temperature=0.0, stop=["\n"])
        times.append((time.perf_counter() - started) * 1000)
    session.forget()
    return times


def cold_start_seconds(project: str | None) -> float:
    """Seconds for a fresh process to load the router and the embedder and predict one text
    with every feature."""
    code = (
        "import time,sys; t=time.perf_counter()\n"
        "from pathlib import Path\n"
        "from context_cache.warm import WarmCache\n"
        "from kiwi_term.primitives import Kiwi\n"
        "from predictors.measure.driver import LoopDriver\n"
        "from predictors.router.keystroke import KeystrokeRouter\n"
        "from predictors.router.similarity import ItemSimilarity\n"
        "k=Kiwi(Path(sys.argv[1]) if sys.argv[1] else None); s=ItemSimilarity(k.embedder)\n"
        "r=KeystrokeRouter(k, similarity=s)\n"
        "with LoopDriver(r, WarmCache(k.library, s), similarity=s, close_router=True) as d:\n"
        "    k.embedder.wait(); d.predict('run it')\n"
        "print(time.perf_counter()-t)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, project or ""], capture_output=True,
                         text=True, check=True, env=os.environ.copy())
    return float(out.stdout.strip().splitlines()[-1])


def summary(times: Sequence[float], counted: str = "keystrokes") -> dict[str, float]:
    """Median, 95th percentile and count (of what `counted` names)."""
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(_pct(times, 95), 2),
            counted: len(times)}


def run_bench(loop: LoopDriver, texts: Sequence[str], naive_limit: int,
              log: Callable[[str], None] = print,
              params_texts: Sequence[str] = ()) -> dict[str, Any]:
    """Router and baseline latency through the routing loop, their ratio, and memory; with
    `params_texts`, also the time to fill params on those texts once settled."""
    router = loop.loop.router
    assert isinstance(router, KeystrokeRouter) and router.session is not None
    session = router.session
    warm = loop.loop.warm.context()
    menu = router.menu(warm)
    # Memory while typing, measured on a few texts with a throwaway text cache, so that the
    # timed texts below are embedded as a user's would be.
    own_similarity = router.similarity

    def swap(similarity: Any) -> None:
        router.similarity = similarity

    loop.on_loop(lambda: swap(fresh_similarity(own_similarity)))
    keystroke_times(loop, texts[:3])
    memory = rss_mb()  # router and embedder as they type; the comparisons below allocate more
    loop.on_loop(lambda: swap(own_similarity))
    log(f"router: {sum(len(t) for t in texts)} keystrokes over {len(texts)} texts, taking "
        "turns with the same router without its adapter merged and without its output shortcut")
    times, menus, settled, filled = side_by_side(loop, texts, warm)
    if params_texts:
        log(f"params: {len(params_texts)} texts predicted as settled, filling the top run's params")
        filled += params_times(loop, params_texts)
    log(f"naive baseline: {naive_limit} keystrokes (full prompt + free-text call each)")
    slow = loop.on_loop(lambda: naive_times(session, menu.prefix, texts, naive_limit))
    loop.on_loop(lambda: router.prime(warm))  # the baseline cleared the cache; prime again
    ours, base = summary(times["router"]), summary(slow)
    result: dict[str, Any] = {"router": ours, "settled": summary(settled, counted="texts")}
    if filled:
        result["params"] = summary([ms for ms, _ in filled], counted="texts")
        asked = [ms for ms, count in filled if count]
        if asked:
            # The texts where the model answered at least one input, not the words alone.
            result["params_model"] = summary(asked, counted="texts")
    plain = summary(times["without_merge_or_shortcut"])
    if "without_merge" in times:
        unmerged = summary(times["without_merge"])
        result["without_merge"] = unmerged
        result["merge_saving_p50"] = round(1 - ours["p50_ms"] / unmerged["p50_ms"], 3)
        result["shortcut_saving_p50"] = round(1 - unmerged["p50_ms"] / plain["p50_ms"], 3)
    else:
        result["shortcut_saving_p50"] = round(1 - ours["p50_ms"] / plain["p50_ms"], 3)
    result.update({
        "without_merge_or_shortcut": plain,
        "naive": base,
        "speedup_p50": round(base["p50_ms"] / ours["p50_ms"], 1),
        "rss_mb_router_and_embedder": round(memory, 1),
        "menu_tokens": len(session.tokenize(menu.prefix)),
        "menu_eval_ms": {name: round(statistics.median(ms), 1) for name, ms in menus.items()},
    })
    return result
