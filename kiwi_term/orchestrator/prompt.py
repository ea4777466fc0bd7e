"""What the orchestrator is told: the router-aware system prompt, the tools, and a conversation cut
to the token budget.

The system prompt explains the router and the deference rule, then lists what changes from turn
to turn last (warm items, knowledge retrieved for the text, the `[ROUTER]` note), so a server that
reuses a cached prompt prefix can reuse the part that does not change.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

from kiwi_term.calls import DESCRIPTIONS, PRIMITIVES, SCHEMAS, ToolCall
from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator.base import RouterNote
from kiwi_term.orchestrator.personas import Persona

CHARS_PER_TOKEN = 4
"""English text and JSON average about four characters a token with BPE tokenizers; the estimate
needs no tokenizer, and the budget leaves room for its error."""
MESSAGE_OVERHEAD = 4
"""Tokens a chat template adds around each message (role markers)."""

INTRO = """\
You are the orchestrator of Kiwi Terminal. The user's Kiwi library holds directives (workflows), \
scripts and knowledge entries. A small local router predicts from each keystroke the tool call \
the user means, with a confidence in [0, 1]; you get the text when it was unsure or the user asked \
for you.
Deference rule, by the confidence in the [ROUTER] note:
- {auto:.2f} or more: trust it; make the call if it has not run, then synthesise the answer \
around its result.
- {confirm:.2f} to {auto:.2f}: verify it first (search or load the item), then act.
- below {confirm:.2f}, or none: decide yourself, or ask one short question if the request is \
ambiguous.
Use the tools search, load and execute rather than guessing item ids; they act with the user's \
permissions. Keep replies short: they are shown in a terminal."""


def tool_specs(names: Iterable[str] = PRIMITIVES) -> list[dict[str, Any]]:
    """The primitives as OpenAI function tools, from the same schemas the MCP server uses."""
    return [
        {
            "type": "function",
            "function": {
                "name": name,
                "description": DESCRIPTIONS[name],
                "parameters": SCHEMAS[name],
            },
        }
        for name in names
    ]


def describe_call(call: dict[str, Any] | None) -> str:
    """A call as a person reads it, e.g. `execute(directive, email_validator)`."""
    if not call:
        return "no call"
    try:
        return ToolCall.from_json(call).readable()
    except KiwiError:
        return json.dumps(call, ensure_ascii=False)


def router_note(note: RouterNote | None, auto: float = 0.85, confirm: float = 0.6) -> str:
    """The `[ROUTER]` line: the router's suggestion for this text, its confidence and what to do."""
    if note is None:
        return "[ROUTER] no prediction for this text yet (the router may still be loading)."
    if not note.call:
        return "[ROUTER] no suggestion for this text: decide yourself or ask."
    if note.confidence >= auto:
        advice = "trust it"
    elif note.confidence >= confirm:
        advice = "verify it"
    else:
        advice = "low: decide yourself or ask"
    return (
        f"[ROUTER] suggestion: {describe_call(note.call)} · confidence {note.confidence:.2f} "
        f"({advice}) · call JSON: {json.dumps(note.call, ensure_ascii=False)}"
    )


def system_prompt(
    *,
    persona: Persona | None = None,
    warm_items: Sequence[dict[str, str]] = (),
    knowledge: Sequence[dict[str, str]] = (),
    router: RouterNote | None = None,
    auto: float = 0.85,
    confirm: float = 0.6,
    warm_limit: int = 12,
) -> str:
    """The router-aware system prompt of one turn.

    Args:
        persona: its scaffold comes first, when one answers.
        warm_items: the warm cache's items, {"type", "id", "description"} each.
        knowledge: entries retrieved for the text, {"id", "title", "excerpt"} each.
        router: the router's note for this text.
        auto: confidence at or above which the router is trusted.
        confirm: confidence below which the router's suggestion is not worth verifying.
        warm_limit: warm items listed at most.
    """
    parts = []
    if persona is not None and persona.system:
        parts.append(persona.system)
    parts.append(INTRO.format(auto=auto, confirm=confirm))
    if warm_items:
        lines = [
            f"- {item.get('type', '?')} {item.get('id', '?')}: "
            f"{_one_line(item.get('description', ''), 100)}"
            for item in list(warm_items)[:warm_limit]
        ]
        parts.append("Warm items (used recently in this session):\n" + "\n".join(lines))
    if knowledge:
        lines = [
            f"- {e['id']} ({e.get('title', '')}): {_one_line(e.get('excerpt', ''), 300)}"
            for e in knowledge
        ]
        parts.append("Knowledge entries that may bear on the text:\n" + "\n".join(lines))
    parts.append(router_note(router, auto, confirm))
    return "\n\n".join(parts)


def _one_line(text: str, width: int) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= width else line[: width - 1] + "…"


def estimate_tokens(text: str) -> int:
    """A tokenizer-free estimate of the tokens in `text`."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def message_tokens(message: dict[str, Any]) -> int:
    """Estimated tokens of one chat message, tool calls included."""
    total = MESSAGE_OVERHEAD + estimate_tokens(str(message.get("content") or ""))
    for call in message.get("tool_calls") or ():
        function = call.get("function", {})
        total += estimate_tokens(str(function.get("name", "")))
        total += estimate_tokens(str(function.get("arguments", "")))
    return total


def clean_history(history: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """Earlier turns as plain user/assistant messages; other roles become marked user messages,
    since a tool message without its call is refused by most servers."""
    cleaned = []
    for message in history:
        role = str(message.get("role", "user"))
        content = str(message.get("content") or "")
        if not content:
            continue
        if role not in ("user", "assistant"):
            role, content = "user", f"[{role}] {content}"
        cleaned.append({"role": role, "content": content})
    return cleaned


def fit_conversation(
    system: str,
    history: Sequence[dict[str, Any]],
    current: Sequence[dict[str, Any]],
    budget: int,
) -> tuple[list[dict[str, Any]], int]:
    """The messages to send: the system prompt, as much history as fits, the current turn.

    The oldest history goes first; what is dropped is summarised in the system prompt (one short
    line a message, newest first, as many as fit), or only counted when no line fits. The system
    prompt and the current turn are always kept whole, even if they alone exceed the budget.

    Returns:
        (messages, how many history messages were dropped).
    """
    fixed = estimate_tokens(system) + MESSAGE_OVERHEAD + sum(message_tokens(m) for m in current)
    kept = list(history)
    used = sum(message_tokens(m) for m in kept)
    dropped: list[dict[str, Any]] = []
    while kept and fixed + used > budget:
        oldest = kept.pop(0)
        used -= message_tokens(oldest)
        dropped.append(oldest)
    if dropped:
        room = budget - fixed - used
        header = f"\n\nEarlier in this conversation ({len(dropped)} older messages, shortened):"
        lines: list[str] = []
        cost = estimate_tokens(header)
        for message in reversed(dropped):
            said = _one_line(message.get("content", ""), 120)
            line = f"\n- {message.get('role', 'user')}: {said}"
            if cost + estimate_tokens(line) > room:
                break
            lines.insert(0, line)
            cost += estimate_tokens(line)
        if lines:
            system += header + "".join(lines)
        else:
            system += f"\n\n({len(dropped)} older messages of this conversation were left out.)"
    return [{"role": "system", "content": system}, *kept, *current], len(dropped)


def tool_result_text(result: dict[str, Any] | None, error: str | None, limit: int) -> str:
    """A tool result as the model reads it: JSON, cut to `limit` characters."""
    text = json.dumps({"error": error} if error else result, ensure_ascii=False, default=str)
    if len(text) > limit:
        text = text[:limit] + f"… [cut: {len(text) - limit} more characters]"
    return text
