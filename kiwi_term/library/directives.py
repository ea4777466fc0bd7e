"""Running a directive step by step, after its inputs and permissions have been checked."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from kiwi_term.errors import KiwiError, PermissionRefused
from kiwi_term.library.items import Input, Item, ItemType
from kiwi_term.library.params import is_empty
from kiwi_term.library.scripts import ScriptResult

Progress = Callable[[dict[str, Any]], None]
"""Called with one event per step change: {"step", "kind", "status", "detail"}."""

Reasoner = Callable[[Item, str, list[dict[str, Any]]], str]
"""Carries out a reasoning step: (directive, step text, results so far) -> the reply."""


class StepHost(Protocol):
    """What a directive run needs from the library's owner."""

    def get_item(self, item_type: ItemType, item_id: str) -> Item: ...

    def run_script_item(
        self, item: Item, params: dict[str, Any], cancel: threading.Event | None
    ) -> ScriptResult: ...


@dataclass
class StepRecord:
    """What one step did."""

    name: str
    kind: str
    status: str = "pending"
    """pending, running, ok, failed, skipped, or waiting (a reasoning step with no orchestrator)."""
    detail: str = ""
    duration_ms: float = 0.0
    result: dict[str, Any] = field(default_factory=dict)


def coerce_inputs(item: Item, params: dict[str, Any]) -> dict[str, Any]:
    """Check params against a directive's inputs and give them their declared types.

    Raises:
        KiwiError: a required input is missing, a param is unknown, or a value has the wrong type.
    """
    declared = {i.name: i for i in item.inputs}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        takes = ", ".join(sorted(declared)) or "no inputs"
        raise KiwiError(f"directive {item.id} has no input {', '.join(unknown)} (takes {takes})")
    values: dict[str, Any] = {}
    for spec in item.inputs:
        value = params.get(spec.name)
        if is_empty(value):
            value = spec.default
        if is_empty(value):
            if spec.required:
                raise KiwiError(
                    f"directive {item.id} needs input {spec.name!r} ({spec.type}): "
                    f"{spec.description or 'no description'}; nothing ran (give {spec.name}=VALUE)"
                )
            continue
        values[spec.name] = _coerce(item.id, spec, value)
    return values


def _coerce(directive: str, spec: Input, value: Any) -> Any:
    try:
        return spec.coerce(value)
    except (TypeError, ValueError):
        raise KiwiError(
            f"directive {directive}: input {spec.name!r} must be {spec.type}"
            + (f" ({', '.join(spec.choices)})" if spec.choices else "") + f", not {value!r}"
        ) from None


def required_permissions(item: Item, reasoning: bool = False) -> set[str]:
    """What a directive declares, plus `run:script` if a step runs a script and, when an
    orchestrator will carry out its reasoning steps, `llm`."""
    needed = set(item.permissions)
    if any(step.kind == "script" for step in item.steps):
        needed.add("run:script")
    if reasoning and any(step.kind == "reasoning" for step in item.steps):
        needed.add("llm")
    return needed


def check_permissions(
    item: Item, grants: frozenset[str], config_hint: str, reasoning: bool = False
) -> None:
    """Refuse a directive whose permissions are not all granted.

    Without an orchestrator (`reasoning` false) reasoning steps do not run, so they need no
    `llm` grant; they are reported as waiting for the orchestrator.

    Raises:
        PermissionRefused: naming each missing grant and how to give it.
    """
    missing = sorted(required_permissions(item, reasoning) - grants)
    if missing:
        listed = ", ".join(f"'{m}'" for m in missing)
        flags = " ".join(f"--grant {m}" for m in missing)
        raise PermissionRefused(
            f"directive {item.id} needs permission {listed}, which you have not granted; "
            f"nothing was run. Grant it for good by adding it to `grants` under [permissions] "
            f"in {config_hint}, or for one run with `kiwi run directive {item.id} {flags}`."
        )


def fill(text: str, values: dict[str, Any]) -> str:
    """Replace `{name}` in step text with the input of that name; leave unknown names alone."""
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def run_directive(
    host: StepHost,
    item: Item,
    values: dict[str, Any],
    *,
    progress: Progress | None = None,
    reasoner: Reasoner | None = None,
    cancel: threading.Event | None = None,
) -> dict[str, Any]:
    """Run the steps of a directive whose inputs and permissions were already checked.

    Script steps run the script with the inputs it declares; knowledge steps load the entry;
    reasoning steps go to `reasoner`, or wait for the orchestrator when there is none.
    """
    records = [StepRecord(step.name, step.kind) for step in item.steps]
    # Every item a step names must exist before anything runs.
    targets = {}
    for step in item.steps:
        if step.script:
            targets[step.name] = host.get_item(ItemType.SCRIPT, step.script)
        elif step.knowledge:
            targets[step.name] = host.get_item(ItemType.KNOWLEDGE, step.knowledge)

    def report(record: StepRecord) -> None:
        if progress is not None:
            progress({"step": record.name, "kind": record.kind, "status": record.status,
                      "detail": record.detail})

    done: list[dict[str, Any]] = []
    status = "ok"
    for step, record in zip(item.steps, records, strict=True):
        if cancel is not None and cancel.is_set():
            record.status, record.detail, status = "skipped", "cancelled", "cancelled"
            report(record)
            continue
        if status == "failed":
            record.status, record.detail = "skipped", "an earlier step failed"
            report(record)
            continue
        record.status = "running"
        report(record)
        start = time.perf_counter()
        text = fill(step.text, values)
        if step.kind == "script":
            script = targets[step.name]
            declared = {i.name for i in script.inputs}
            args = {k: v for k, v in values.items() if not declared or k in declared}
            result = host.run_script_item(script, args, cancel)
            record.result = result.to_dict()
            record.status = "ok" if result.ok else "failed"
            record.detail = (result.stdout.strip() or result.stderr.strip())[:200]
        elif step.kind == "knowledge":
            entry = targets[step.name]
            record.result = {"knowledge": entry.id, "title": entry.title, "body": entry.body}
            record.status, record.detail = "ok", f"loaded {entry.id}: {entry.title}"
        elif reasoner is not None:
            try:
                reply = reasoner(item, text, done)
            except KiwiError as exc:
                record.status, record.detail = "failed", str(exc)
            else:
                record.status, record.detail = "ok", reply[:200]
                record.result = {"reply": reply}
        else:
            record.status = "waiting"
            record.detail = f"reasoning step, waiting for the orchestrator: {text}"
            record.result = {"instruction": text}
        record.duration_ms = (time.perf_counter() - start) * 1000
        report(record)
        done.append({"step": step.name, "status": record.status, **record.result})
        if record.status == "failed":
            status = "failed"
        elif record.status == "waiting" and status == "ok":
            status = "waiting_for_orchestrator"
    outcome = item.outputs.get("failure" if status == "failed" else "success", "")
    return {
        "directive": item.id,
        "status": status,
        "message": fill(outcome, values),
        "inputs": values,
        "steps": [
            {"name": r.name, "kind": r.kind, "status": r.status, "detail": r.detail,
             "duration_ms": round(r.duration_ms, 1), **r.result}
            for r in records
        ],
    }
