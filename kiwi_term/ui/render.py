"""Turning call results into transcript lines: plain strings, so they can be saved as they are."""

from __future__ import annotations

from typing import Any

from kiwi_term.calls import ToolCall
from kiwi_term.library.items import Item
from kiwi_term.library.params import missing_inputs, shown

MARKS = {"ok": "✓", "failed": "✗", "waiting": "…", "skipped": "-", "running": "▸",
         "pending": " ", "cancelled": "-"}
"""The mark before a directive step, by its status."""

ICONS = {"search": "⌕", "load": "◇", "execute": "▶", "create": "✚", "update": "✎",
         "delete": "✖"}
"""A one-cell sign per primitive (create/update/delete are execute actions)."""

MAX_OUTPUT_LINES = 12
"""Lines of script output shown; the rest is summarised (the full text is in the result)."""


def icon(call: ToolCall) -> str:
    """The sign shown before a call."""
    action = call.arguments.get("action", "run")
    if call.name == "execute" and action != "run":
        return ICONS.get(action, "▶")
    return ICONS.get(call.name, "•")


def is_run(call: ToolCall) -> bool:
    """Whether a call runs an item (its params are the item's inputs)."""
    return call.name == "execute" and call.arguments.get("action", "run") == "run"


def call_head(call: ToolCall) -> str:
    """The call without a run's params, e.g. `execute(script, csv_parser)`; other calls whole."""
    if not is_run(call):
        return call.readable()
    args = {k: v for k, v in call.arguments.items() if k != "params"}
    return ToolCall(call.name, args).readable()


def param_parts(call: ToolCall, item: Item | None) -> list[tuple[str, bool]]:
    """A run's params as `name=value` words, then each required input it leaves empty as
    `name=?`; each with whether it is such a missing one. Empty for other calls."""
    if not is_run(call):
        return []
    params = call.arguments.get("params") or {}
    parts = [(f"{name}={shown(value)}", False) for name, value in params.items()
             if value is not None and name != "content"]
    if item is not None:
        parts += [(f"{spec.name}=?", True) for spec in missing_inputs(item, params)]
    return parts


def call_line(call: ToolCall, item: Item | None = None) -> str:
    """The call as the suggestion line shows it: `execute(script, csv_parser)  file=a.csv`."""
    parts = param_parts(call, item)
    return "  ".join([call_head(call), *(text for text, _ in parts)])


def shorten(text: str, width: int) -> str:
    """One line of at most `width` characters, with an ellipsis when cut."""
    line = " ".join(str(text).split())
    return line if len(line) <= width else line[: max(width - 1, 0)] + "…"


def duration(ms: float | None) -> str:
    """`120 ms` or `3.4 s`."""
    if ms is None:
        return ""
    return f"{ms / 1000:.1f} s" if ms >= 1000 else f"{ms:.0f} ms"


def result_lines(call: ToolCall, result: dict[str, Any]) -> list[str]:
    """What a finished call shows under its title."""
    if call.name == "search":
        return _search(result)
    if call.name == "load":
        return _load(result)
    if "steps" in result:
        return _directive(result)
    if "exit_code" in result:
        return _script(result)
    return _write(result)


def result_status(result: dict[str, Any]) -> str:
    """ok, failed, cancelled or waiting, from a result."""
    status = str(result.get("status", "ok"))
    if result.get("error") == "cancelled":
        return "cancelled"
    if status == "waiting_for_orchestrator":
        return "waiting"
    return status if status in ("ok", "failed", "cancelled") else "ok"


def step_line(step: dict[str, Any]) -> str:
    """One directive step with its mark, kind and first line of detail."""
    mark = MARKS.get(step.get("status", ""), "?")
    detail = (step.get("detail") or "").splitlines()
    text = f"{mark} {step.get('name', ''):<14} {step.get('kind', ''):<9}"
    if detail:
        text += " " + shorten(detail[0], 70)
    return text.rstrip()


def _search(result: dict[str, Any]) -> list[str]:
    hits = result.get("results", [])
    if not hits:
        return [f"nothing found for \"{result.get('query', '')}\""]
    lines = [f"{len(hits)} found:"]
    for hit in hits[:9]:
        lines.append(
            f"  {hit['type']:<9} {hit['id']:<22} {shorten(hit.get('description', ''), 56)}"
        )
    return lines


def _load(result: dict[str, Any]) -> list[str]:
    kind = result.get("type", "")
    lines = [f"{kind} {result.get('id', '')}: {shorten(result.get('description', ''), 80)}"]
    if kind == "knowledge":
        body = [line for line in result.get("body", "").splitlines() if line.strip()]
        lines += [f"  {shorten(line, 90)}" for line in body[:8]]
    elif kind == "script":
        for spec in result.get("inputs", []):
            lines.append(f"  --{spec['name']}  {shorten(spec.get('description', ''), 70)}")
    else:
        for spec in result.get("inputs", []):
            need = "required" if spec.get("required") else "optional"
            lines.append(f"  input {spec['name']} ({spec.get('type', '')}, {need})")
        for step in result.get("steps", []):
            lines.append(f"  step {step['name']:<14} {step.get('kind', '')}")
    return lines


def _script(result: dict[str, Any]) -> list[str]:
    head = f"exit {result.get('exit_code')}"
    if result.get("error"):
        head += f" · {result['error']}"
    lines = [head]
    for stream in ("stdout", "stderr"):
        text = (result.get(stream) or "").rstrip().splitlines()
        if not text:
            continue
        if stream == "stderr":
            lines.append("stderr:")
        lines += [f"  {shorten(line, 100)}" for line in text[:MAX_OUTPUT_LINES]]
        if len(text) > MAX_OUTPUT_LINES:
            lines.append(f"  … {len(text) - MAX_OUTPUT_LINES} more lines")
    if result.get("full_output"):
        lines.append(f"full output: {result['full_output']}")
    return lines


def _directive(result: dict[str, Any]) -> list[str]:
    lines = [step_line(step) for step in result.get("steps", [])]
    message = result.get("message") or ""
    if result.get("status") == "waiting_for_orchestrator":
        message = (message + "; " if message else "") + "reasoning steps wait for the orchestrator"
    if message:
        lines.append(message)
    return lines


def _write(result: dict[str, Any]) -> list[str]:
    action = result.get("action", "")
    if action == "delete":
        return [f"deleted {result.get('id', '')}; a copy is kept at {result.get('kept_at', '')}"]
    verb = "created" if action == "create" else "updated"
    return [f"{verb} {result.get('id', '')} at {result.get('path', '')}"]
