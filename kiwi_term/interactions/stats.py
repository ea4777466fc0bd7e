"""`kiwi log stats`: how well the router serves this user, from the interaction log.

Definitions (every rate is None when it has nothing to count):

- `acceptance_rate`: among decisions (shown predictions the user acted on, see `history`), the
  share where the user ran one of the shown predictions (Tab, Alt+N, Enter, confirming).
- `auto_precision`: among Enter auto-runs (`accepted_enter` of the top prediction), the share
  with no bad feedback on what ran. Auto-runs nobody marked are counted right: the user saw the
  result and moved on.
- `latency_ms_p50`/`p95`: the router's time per keystroke over every prediction shown.
- `warm_cache.hit_rate`: among predictions the user ran, the share shown while the warm cache was
  `warm` or `hot` (it had pre-loaded the item); `warm_cache.states` counts every shown state.
- `top_items`: the items (or searches) that ran most often, whoever chose them.
- `orchestrator.share`: among the lines the user finished (every action), the share sent to the
  orchestrator; its latency is over orchestrator turns.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from kiwi_term.interactions.history import OK_STATUSES, History

WARM_STATES = frozenset({"warm", "hot", "hit"})
"""Warm cache states that mean the cache had the candidates ready."""
TOP_ITEMS = 10


def compute(history: History) -> dict[str, Any]:
    """The statistics of one `History` as a JSON-ready dict."""
    decisions = history.decisions
    accepted = [d for d in decisions if d.accepted]
    auto = [d for d in decisions if d.auto_run]
    latencies = [r["latency_ms"] for r in history.shown if r["latency_ms"] is not None]
    actions = Counter(a["action"] for a in history.actions)
    turn_latency = [t["latency_ms"] for t in history.turns if t["latency_ms"] is not None]
    tokens = sum(turn_tokens(t["tokens"] or {}) for t in history.turns)
    statuses = Counter(
        "ok" if e["status"].lower() in OK_STATUSES else "failed" for e in history.executions
    )
    chosen = Counter(e["chosen_by"] for e in history.executions)
    good = sum(1 for v in history.feedback.values() if v)
    return {
        "project": history.project,
        "database": str(history.path),
        "shown": len(history.shown),
        "decisions": len(decisions),
        "actions": dict(sorted(actions.items())),
        "acceptance_rate": _share(len(accepted), len(decisions)),
        "auto_runs": len(auto),
        "auto_runs_marked_bad": sum(1 for d in auto if d.feedback is False),
        "auto_precision": _share(sum(1 for d in auto if d.feedback is not False), len(auto)),
        "top_correct_rate": _share(sum(1 for d in decisions if d.correct), len(decisions)),
        "latency_ms_p50": _round(percentile(latencies, 50)),
        "latency_ms_p95": _round(percentile(latencies, 95)),
        "warm_cache": {
            "hit_rate": _share(sum(1 for d in accepted if d.cache_state in WARM_STATES),
                               len(accepted)),
            "states": dict(sorted(Counter(r["cache_state"] for r in history.shown).items())),
        },
        "executions": {
            "total": len(history.executions),
            "ok": statuses["ok"],
            "failed": statuses["failed"],
            "chosen_by": dict(sorted(chosen.items())),
        },
        "top_items": [
            {"item": item, "count": count}
            for item, count in Counter(
                item_label(e["call"]) for e in history.executions if e["call"]
            ).most_common(TOP_ITEMS)
        ],
        "orchestrator": {
            "share": _share(actions["orchestrator"], sum(actions.values())),
            "turns": len(history.turns),
            "cached_share": _share(sum(1 for t in history.turns if t["cached"]),
                                   len(history.turns)),
            "latency_ms_p50": _round(percentile(turn_latency, 50)),
            "latency_ms_p95": _round(percentile(turn_latency, 95)),
            "total_tokens": tokens,
        },
        "feedback": {"good": good, "bad": len(history.feedback) - good},
    }


def turn_tokens(tokens: dict[str, Any]) -> int:
    """Tokens a turn used: its total when reported, else prompt plus completion."""
    for key in ("total_tokens", "total"):
        if key in tokens:
            return int(tokens[key])
    parts = ("prompt_tokens", "completion_tokens", "input_tokens", "output_tokens")
    return int(sum(tokens.get(key, 0) for key in parts))


def item_label(call: dict[str, Any]) -> str:
    """How an executed call is named in `top_items`: `directive:email_validator`,
    `search:script`."""
    args = call.get("arguments") or {}
    if call.get("name") == "search":
        return f"search:{args.get('item_type', 'any')}"
    label = f"{args.get('item_type', '?')}:{args.get('item_id', '?')}"
    action = args.get("action", "run")
    return label if action == "run" else f"{label} ({action})"


def render(stats: dict[str, Any]) -> str:
    """The statistics as lines for a person."""
    orch = stats["orchestrator"]
    warm = stats["warm_cache"]
    scope = stats["project"] if stats["project"] is not None else "all projects"
    lines = [
        f"interactions of {scope}",
        f"  predictions shown                {stats['shown']}",
        f"  decisions                        {stats['decisions']}",
        f"  acceptance rate                  {_pct(stats['acceptance_rate'])}",
        f"  Enter auto-runs                  {stats['auto_runs']} "
        f"(precision {_pct(stats['auto_precision'])}, {stats['auto_runs_marked_bad']} marked bad)",
        f"  latency per keystroke p50/p95    {_ms(stats['latency_ms_p50'])} / "
        f"{_ms(stats['latency_ms_p95'])}",
        f"  warm-cache hit rate              {_pct(warm['hit_rate'])}",
        f"  orchestrator share               {_pct(orch['share'])} "
        f"({orch['turns']} turns, p50 {_ms(orch['latency_ms_p50'])}, "
        f"cached {_pct(orch['cached_share'])})",
        f"  feedback                         {stats['feedback']['good']} good, "
        f"{stats['feedback']['bad']} bad",
    ]
    if stats["top_items"]:
        lines.append("  most used")
        lines.extend(f"    {row['count']:>5}  {row['item']}" for row in stats["top_items"])
    return "\n".join(lines)


def percentile(values: list[float], pct: float) -> float | None:
    """Linear-interpolated percentile (the one `kiwi eval` reports), None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _round(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} ms"
