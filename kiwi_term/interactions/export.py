"""`kiwi log export`: the interaction log as evaluation cases and training data (JSON Lines).

Three formats, each built from what the user actually did:

- `eval`: cases of kiwi-format §6 that `kiwi eval` runs. A prediction the user ran (Tab, Alt+N,
  Enter, confirmed) becomes a case expecting the call that ran, unless they marked its result
  bad; an override expects the user's own call; a text sent to the orchestrator instead of a
  shown prediction expects no call. Ignored predictions say nothing certain and are left out.
  `expect` names what §6 judges (item type and id, action, source, query) and, for a run that
  had params, those params, so §6 judges the whole call: the params that ran, the user's own
  when they corrected the proposed ones in the params editor (a correction with every param
  cleared expects none). A case whose params had a secret redacted is left out.
- `functiongemma`: FunctionGemma training examples (see `functiongemma`), from the predictions
  the user ran with no bad feedback, with the params that ran (corrected ones included), and
  from orchestrator turns whose tool calls succeeded (the succeeded calls of one turn form one
  model turn, as FunctionGemma emits parallel calls).
- `chat`: OpenAI chat fine-tuning lines, `{"messages": [user, assistant with tool_calls],
  "tools": [...]}`, one per orchestrator turn whose prompt is known.

Training formats skip any record that had a secret redacted: a model must not learn to write
"[redacted]". Identical examples are written once.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kiwi_term.calls import DESCRIPTIONS, PRIMITIVES, SCHEMAS, validate
from kiwi_term.errors import KiwiError
from kiwi_term.interactions import functiongemma
from kiwi_term.interactions.history import OK_STATUSES, Decision, History, same_call
from kiwi_term.scrub import contains_redaction

FORMATS = ("functiongemma", "chat", "eval")
"""Names accepted by `kiwi log export --format`."""
_JUDGED = ("item_type", "item_id", "action", "source", "query")


def records(history: History, fmt: str) -> list[dict[str, Any]]:
    """The records of one export format.

    Raises:
        KiwiError: an unknown format.
    """
    if fmt == "eval":
        return eval_cases(history)
    if fmt == "functiongemma":
        return functiongemma_examples(history)
    if fmt == "chat":
        return chat_examples(history)
    raise KiwiError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")


def eval_cases(history: History) -> list[dict[str, Any]]:
    """Evaluation cases (kiwi-format §6) from the user's decisions."""
    cases = []
    seen: set[str] = set()
    for decision in history.decisions:
        expect: dict[str, Any] | None
        if decision.action == "orchestrator":
            expect = None
        elif decision.action == "ignored" or decision.used is None:
            continue
        elif decision.accepted and decision.feedback is False:
            continue
        else:
            expect = _expectation(decision.used, decision.corrected)
            if expect is None:
                continue
        case = {"id": f"u{decision.prediction_id}", "history": list(decision.history),
                "text": decision.text, "expect": expect}
        if decision.text.strip() and _first_time(seen, [case["history"], case["text"], expect]):
            cases.append(case)
    return cases


def functiongemma_examples(history: History) -> list[dict[str, Any]]:
    """FunctionGemma training examples from accepted predictions and orchestrator calls."""
    examples = []
    seen: set[str] = set()

    def add(text: str, calls: list[dict[str, Any]], earlier: Iterable[str], source: str) -> None:
        calls = [_plain(c) for c in calls]
        if not text.strip() or not calls or contains_redaction([text, calls]):
            return
        if not all(_valid(c) for c in calls) or not _first_time(seen, [text, calls]):
            return
        try:
            record = functiongemma.example(text, calls, list(earlier))
        except ValueError:
            return  # a value the format cannot hold (see functiongemma's docstring)
        record["source"] = source
        examples.append(record)

    for decision in history.decisions:
        if decision.accepted and decision.feedback is not False and decision.used:
            add(decision.text, [decision.used], decision.history, decision.action)
    for _turn, prompt, calls in _orchestrator_successes(history):
        add(prompt, calls, (), "orchestrator")
    return examples


def chat_examples(history: History) -> list[dict[str, Any]]:
    """OpenAI chat fine-tuning lines of orchestrator turns with their tool calls."""
    prompts = _turn_prompts(history)
    tools = openai_tools()
    examples = []
    seen: set[str] = set()
    for turn in history.turns:
        prompt = prompts.get(turn["id"])
        calls = [_plain(c) for c in turn["calls"] or []]
        if not prompt or contains_redaction([prompt, turn["text"], calls]):
            continue
        if not calls and not turn["text"].strip():
            continue
        assistant: dict[str, Any] = {"role": "assistant", "content": turn["text"] or None}
        if calls:
            assistant["tool_calls"] = [
                {"id": f"call_{turn['id']}_{i}", "type": "function",
                 "function": {"name": c["name"],
                              "arguments": json.dumps(c["arguments"], ensure_ascii=False)}}
                for i, c in enumerate(calls)
            ]
        messages = [{"role": "user", "content": prompt}, assistant]
        if _first_time(seen, messages):
            examples.append({"messages": messages, "tools": tools})
    return examples


def openai_tools() -> list[dict[str, Any]]:
    """The three primitives as OpenAI function tools (the orchestrator's own declaration)."""
    return [{"type": "function",
             "function": {"name": n, "description": DESCRIPTIONS[n], "parameters": SCHEMAS[n]}}
            for n in PRIMITIVES]


def to_jsonl(rows: Iterable[dict[str, Any]]) -> str:
    """One JSON document a line (UTF-8 kept as is), ending with a newline when not empty."""
    lines = [json.dumps(r, ensure_ascii=False, separators=(", ", ": ")) for r in rows]
    return "".join(line + "\n" for line in lines)


def write_output(text: str, path: Path | None) -> None:
    """Write `text` to `path` atomically, or to stdout when `path` is None."""
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_atomic(path, text)


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step: readers see the old file or the new, never half.

    Keeps the permissions of the file it replaces (a config.toml may be private).

    Raises:
        KiwiError: the folder is missing or not writable.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o7777 if path.exists() else None
        handle = tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=folder, prefix=f".{path.name}.", suffix=".tmp",
            delete=False, newline="",
        )
        try:
            with handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            if mode is not None:
                os.chmod(handle.name, mode)
            os.replace(handle.name, path)
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise KiwiError(f"cannot write {path}: {exc.strerror or exc}") from None


def _orchestrator_successes(
    history: History,
) -> list[tuple[dict[str, Any], str, list[dict[str, Any]]]]:
    """(turn, prompt, the turn's calls that succeeded), for turns not marked bad.

    A call succeeded when the turn recorded it so (`ok`), or when an execution chosen by the
    orchestrator ran it with an ok status and no bad feedback (linked by `turn_id`, else to the
    latest earlier turn that asked for the same call).
    """
    prompts = _turn_prompts(history)
    turns = {t["id"]: t for t in history.turns}
    succeeded: dict[int, list[dict[str, Any]]] = {}

    def keep(turn_id: int, call: dict[str, Any]) -> None:
        calls = succeeded.setdefault(turn_id, [])
        if not any(same_call(c, call) for c in calls):
            calls.append(_plain(call))

    for turn in history.turns:
        for call in turn["calls"] or []:
            if call.get("ok") is True:
                keep(turn["id"], call)
    for execution in history.executions:
        if execution["chosen_by"] != "orchestrator" or not execution["call"]:
            continue
        if str(execution["status"]).lower() not in OK_STATUSES:
            continue
        if history.feedback.get(execution["id"]) is False:
            continue
        asked = turns.get(execution["turn_id"]) or _turn_before(history, execution)
        if asked is not None:
            keep(asked["id"], execution["call"])
    return [(turns[t], prompts[t], calls) for t, calls in succeeded.items()
            if prompts.get(t) and history.feedback.get(t) is not False]


def _turn_before(history: History, execution: dict[str, Any]) -> dict[str, Any] | None:
    """The latest turn at or before an execution (same project) that asked for its call."""
    for turn in reversed(history.turns):
        if turn["ts"] <= execution["ts"] and turn["project"] == execution["project"]:
            if any(same_call(c, execution["call"]) for c in turn["calls"] or []):
                return turn
    return None


def _turn_prompts(history: History) -> dict[int, str]:
    """Each turn's user text: as logged, else the last text sent to the orchestrator before it."""
    sent: list[Decision] = [d for d in history.decisions if d.action == "orchestrator"]
    prompts = {}
    for turn in history.turns:
        prompt = turn["prompt"]
        if not prompt:
            earlier = [d for d in sent if d.ts <= turn["ts"] and d.project == turn["project"]]
            prompt = earlier[-1].text if earlier else None
        if prompt:
            prompts[turn["id"]] = prompt
    return prompts


def _expectation(call: dict[str, Any], corrected: bool = False) -> dict[str, Any] | None:
    """What §6 judges of a call that ran: None when it cannot be a case."""
    name = call.get("name")
    args = call.get("arguments") or {}
    if name not in PRIMITIVES:
        return None
    judged = {k: args[k] for k in _JUDGED if k in args and args[k] not in (None, "")}
    if judged.get("action") == "run":
        del judged["action"]  # the default; §6 does not judge an absent action
    if name == "execute" and args.get("action", "run") == "run":
        params = {k: v for k, v in (args.get("params") or {}).items() if v not in (None, "")}
        if contains_redaction(params):
            return None  # the value that ran is not known: the case could only mislead
        # A correction is the user's word on the whole call, even with no params left.
        if params or corrected:
            judged["params"] = params
    return {"name": name, "arguments": judged}


def _plain(call: dict[str, Any]) -> dict[str, Any]:
    return {"name": call.get("name"), "arguments": dict(call.get("arguments") or {})}


def _valid(call: dict[str, Any]) -> bool:
    try:
        validate(str(call["name"]), call["arguments"])
    except (KiwiError, KeyError, TypeError):
        return False
    return True


def _first_time(seen: set[str], key: Any) -> bool:
    text = json.dumps(key, sort_keys=True, ensure_ascii=False)
    if text in seen:
        return False
    seen.add(text)
    return True
