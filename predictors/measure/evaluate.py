"""Router evaluation: matching and metrics exactly as kiwi-format.md §6 defines them."""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiwi_term.calls import ToolCall
from kiwi_term.errors import KiwiError
from predictors.router.base import RouteResult
from predictors.router.calibration import ece, ece_by_chance

AUTO = 0.85
"""Confidence at which a prediction runs on Enter (the metric's fixed point, not the config)."""
NONE_BELOW = 0.6
"""A call below this confidence counts as no call for `expect: null`."""

_STOP = frozenset(
    "a an the for of to my me our that this these those some any all about with on in we i you "
    "please find search look up show me".split()
)
_SPLIT = re.compile(r"[^a-z0-9]+")


def query_tokens(text: str) -> list[str]:
    """Tokens of a search query as §6 compares them."""
    tokens = []
    for token in _SPLIT.split(text.lower()):
        if not token:
            continue
        if len(token) >= 4 and token.endswith("s"):
            token = token[:-1]
        if token not in _STOP:
            tokens.append(token)
    return tokens


@dataclass(frozen=True)
class Case:
    """One evaluation case."""

    id: str
    history: tuple[str, ...]
    text: str
    expect: dict[str, Any] | None


def load_cases(path: Path) -> list[Case]:
    """Read a cases JSONL file.

    Raises:
        KiwiError: a line is not valid JSON or lacks `text`.
    """
    cases = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise KiwiError(f"cannot read cases: {exc}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            cases.append(
                Case(
                    id=str(data.get("id", number)),
                    history=tuple(data.get("history") or ()),
                    text=str(data["text"]),
                    expect=data.get("expect"),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise KiwiError(f"{path}:{number}: not a valid case: {exc}") from None
    return cases


def matches(expect: dict[str, Any] | None, result: RouteResult) -> bool:
    """Whether the router's top prediction matches the expected call (§6)."""
    top = result.top
    if expect is None:
        return top is None or top.confidence < NONE_BELOW
    return top is not None and call_matches(expect, top.call)


def call_matches(expect: dict[str, Any], call: ToolCall) -> bool:
    """Whether one predicted call matches an expected call (§6): the name, the arguments the
    case names, and its params when it names them."""
    if call.name != expect.get("name"):
        return False
    got = call.arguments
    for key, want in (expect.get("arguments") or {}).items():
        if key == "query":
            if not _query_matches(str(want), str(got.get("query", ""))):
                return False
        elif key in ("item_type", "item_id", "action", "source"):
            have = got.get(key, "run" if key == "action" else None)
            if have != want:
                return False
        elif key == "params" and isinstance(want, dict):
            if not params_match(want, got.get("params") or {}):
                return False
    return True


def names_params(case: Case) -> bool:
    """Whether the case names the params of its call (§6 then judges them)."""
    return case.expect is not None and isinstance(
        (case.expect.get("arguments") or {}).get("params"), dict)


def params_match(want: dict[str, Any], got: dict[str, Any]) -> bool:
    """Every named param filled with an acceptable value (or absent where "" allows it), and
    no param the case does not name filled (§6)."""
    filled = {k: v for k, v in got.items() if v is not None and v != ""}
    if set(filled) - set(want):
        return False
    for name, acceptable in want.items():
        options = acceptable if isinstance(acceptable, list) else [acceptable]
        if name not in filled:
            if "" not in options:
                return False
            continue
        value = _normal(filled[name])
        if not any(option != "" and _normal(option) == value for option in options):
            return False
    return True


_DROPPED = str.maketrans("", "", " ,./-_*^")


def _normal(value: Any) -> Any:
    """A param value as §6 compares it: numbers by value, booleans by truth, strings lowercased
    without spaces and `,./-_*^`."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int | float):
        return ("number", float(value))
    text = str(value).strip()
    if text.lower() in ("true", "false"):
        return ("bool", text.lower() == "true")
    try:
        return ("number", float(text))
    except ValueError:
        return ("text", text.lower().translate(_DROPPED))


def _query_matches(want: str, got: str) -> bool:
    expected, predicted = set(query_tokens(want)), query_tokens(got)
    if not expected <= set(predicted):
        return False
    return len([t for t in predicted if t not in expected]) <= 2


RouteFn = Callable[..., RouteResult]
"""(text, history, settled=...) -> result; `settled` is False for keystrokes while typing."""


def evaluate(
    cases: Iterable[Case], route: RouteFn, keystrokes: bool = False,
    on_case: Callable[[Case, RouteResult, bool], None] | None = None,
    typing_gap: float = 0.0, newest: Callable[[RouteResult], RouteResult] | None = None,
) -> dict[str, Any]:
    """Run the router over the cases and compute the metrics of §6.

    Args:
        route: (text, history) -> result; it is called for every prefix when `keystrokes`.
        on_case: called with each case's full-text result, for reports.
        typing_gap: with `keystrokes`, seconds from one keystroke to the next, as a user types;
            the router may use what its prediction leaves of it.
        newest: after the gap, the prediction the user then sees of that text (the router may
            have predicted it again meanwhile).
    """
    cases = list(cases)
    rows = []
    lockins: list[float] = []
    latencies: list[float] = []
    retrieval: list[float] = []
    typed: list[bool] = []
    for case in cases:
        if keystrokes and case.text:
            lockin, times, late = _typing(case, route, typing_gap, newest, retrieval)
            latencies.extend(times)
            if case.expect is not None:
                lockins.append(lockin)
                typed.extend(late)
        started = time.perf_counter()
        result = route(case.text, case.history)
        elapsed = (time.perf_counter() - started) * 1000
        ok = matches(case.expect, result)
        rows.append((case, result, ok, elapsed))
        if on_case is not None:
            on_case(case, result, ok)
    tool_rows = [r for r in rows if r[0].expect is not None]
    none_rows = [r for r in rows if r[0].expect is None]
    auto = [r for r in rows if r[1].top is not None and r[1].top.confidence >= AUTO]
    called = [r for r in rows if r[1].top is not None]
    confidences = [r[1].top.confidence for r in called if r[1].top]
    metrics: dict[str, Any] = {
        "cases": len(rows),
        "accuracy": _share(r[2] for r in rows),
        "auto_precision": _share(r[2] for r in auto),
        "auto_coverage": _share(
            r[2] and r[1].top is not None and r[1].top.confidence >= AUTO for r in tool_rows
        ),
        "none_accuracy": _share(r[2] for r in none_rows),
        "ece": round(ece(confidences, [_call_right(r[0], r[1]) for r in called]), 4),
        "top3_accuracy": _share(
            any(call_matches(r[0].expect, p.call) for p in r[1].predictions[:3])
            for r in tool_rows if r[0].expect is not None),
    }
    params_rows = [r for r in rows if names_params(r[0])]
    metrics["params_cases"] = len(params_rows)
    metrics["params_accuracy"] = _share(r[2] for r in params_rows)
    # Not a §6 metric: how far below this floor `ece` can be expected to go on these cases.
    chance = ece_by_chance(confidences)
    metrics["ece_by_chance_median"] = round(chance[0], 4)
    metrics["ece_by_chance_p90"] = round(chance[1], 4)
    if keystrokes:
        metrics["lockin_median"] = round(statistics.median(lockins), 4) if lockins else 1.0
        metrics["latency_ms_p50"] = round(_percentile(latencies, 50), 2)
        metrics["latency_ms_p95"] = round(_percentile(latencies, 95), 2)
        metrics["keystrokes"] = len(latencies)
        metrics["typing_accuracy"] = _share(typed)
        if retrieval:
            # Not a §6 metric: finding a large library's items for each keystroke.
            metrics["retrieval_ms_p50"] = round(_percentile(retrieval, 50), 3)
            metrics["retrieval_ms_p95"] = round(_percentile(retrieval, 95), 3)
    return metrics


def _call_right(case: Case, result: RouteResult) -> bool:
    # For calibration a predicted call on a chit-chat case is simply wrong, whatever its confidence.
    return case.expect is not None and matches(case.expect, result)


def _typing(case: Case, route: RouteFn, gap: float = 0.0,
            newest: Callable[[RouteResult], RouteResult] | None = None,
            retrieval: list[float] | None = None,
            ) -> tuple[float, list[float], list[bool]]:
    """Predict every prefix as a user typing would; return the lock-in fraction, the latencies,
    and for each prefix from half the text on whether its top prediction matches at any
    confidence (what Tab would run mid-typing). A prefix is judged by the prediction shown when
    the next key comes, `gap` seconds after it."""
    text = case.text
    good = []
    times = []
    late = []
    half = len(text) / 2
    for end in range(1, len(text) + 1):
        started = time.perf_counter()
        # The last keystroke is typed like the others; the settled prediction comes after.
        result = route(text[:end], case.history, settled=False)
        times.append((time.perf_counter() - started) * 1000)
        if retrieval is not None and "retrieval_ms" in result.detail:
            retrieval.append(result.detail["retrieval_ms"])
        if gap:
            time.sleep(max(0.0, gap - (time.perf_counter() - started)))
            if newest is not None:
                result = newest(result)
        top = result.top
        right = matches(case.expect, result)
        good.append(right and top is not None and top.confidence >= AUTO)
        if end >= half:
            late.append(right)
    lockin = 1.0
    for end in range(len(text), 0, -1):
        if not good[end - 1]:
            break
        lockin = end / len(text)
    return lockin, times, late


def _share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return round(sum(values) / len(values), 4) if values else 0.0


def _percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
