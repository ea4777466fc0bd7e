"""One streamed chat completion, made safe: faults become messages, Esc stops it at once.

The request runs in a short-lived daemon thread that hands chunks over a queue; the caller's thread
only waits on the queue, so a cancel (Esc) is seen within 50 ms even while the socket read is
blocked, and the partial text is returned. The thread ends on its own when the read returns or
times out.

Retries: the SDK's own retries are off (`max_retries=0`) because they would sleep silently; here a
transient fault (connection refused, connect timeout, 429, 5xx) is reported through `on_retry`
the moment it happens, then retried with backoff, and only while nothing of the reply has arrived
(a retry after text would repeat it). A stall (the read timeout) is not retried: it has already
cost the full timeout once.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import openai

from kiwi_term.orchestrator.faults import ChatFault, check_host, describe, short, where

POLL_SECONDS = 0.05
"""How often the waiting thread looks at the cancel flag."""
BACKOFF = (0.5, 1.0, 2.0, 4.0)
"""Seconds before retry n (the last value repeats)."""
MAX_RETRY_AFTER = 4.0
"""A Retry-After longer than this is not waited for: the user hears of the fault instead."""


@dataclass(frozen=True)
class StepLimits:
    """How much of a streamed reply is read; what goes past a limit is dropped as it arrives, so
    memory stays bounded whatever the server sends."""

    reply_chars: int
    """Characters of text this step may still add; past it the stream is stopped."""
    argument_chars: int
    """Characters kept of one tool call's arguments; a longer call is marked `oversized`."""
    tool_calls: int
    """Tool calls kept; the others are only counted (`StepOutcome.skipped_calls`)."""


NO_LIMITS = StepLimits(reply_chars=sys.maxsize, argument_chars=sys.maxsize, tool_calls=sys.maxsize)


@dataclass
class RequestedCall:
    """A tool call as the model streamed it, not yet checked."""

    id: str = ""
    name: str = ""
    arguments: str = ""
    """The JSON text the model wrote, cut at `StepLimits.argument_chars`."""
    oversized: bool = False
    """The model wrote more arguments than `StepLimits.argument_chars`; the rest was dropped."""


@dataclass
class StepOutcome:
    """What one streamed request produced."""

    text: str = ""
    tool_calls: list[RequestedCall] = field(default_factory=list)
    """In the order the model gave them."""
    skipped_calls: int = 0
    """Tool calls beyond `StepLimits.tool_calls`, dropped unread."""
    finish_reason: str | None = None
    cancelled: bool = False
    reply_cut: bool = False
    """The text reached `StepLimits.reply_chars` and the stream was stopped there."""
    error: str | None = None
    usage: dict[str, int] = field(default_factory=dict)


def _pump(create: Callable[[], Any], out: queue.Queue[tuple[str, Any]], stop: threading.Event,
          opened: list[Any]) -> None:
    stream = None
    try:
        stream = create()
        opened.append(stream)
        for chunk in stream:
            if stop.is_set():
                break
            out.put(("chunk", chunk))
        out.put(("end", None))
    except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread, never lost
        out.put(("fail", exc))
    finally:
        if stream is not None:
            try:
                stream.close()
            except Exception:  # noqa: BLE001 - closing a broken stream may fail; nothing to do
                pass


def _close_later(opened: list[Any]) -> None:
    """Close an open stream from a throwaway thread: closing may block on the socket; Esc may
    not."""
    if opened:
        threading.Thread(target=_quiet_close, args=(opened[0],), daemon=True).start()


def _quiet_close(stream: Any) -> None:
    try:
        stream.close()
    except Exception:  # noqa: BLE001 - best effort; the pump thread closes it too
        pass


def _read_chunk(chunk: Any, outcome: StepOutcome, calls: dict[int, RequestedCall],
                limits: StepLimits, skipped: set[int]) -> str:
    """Fold one chunk into the outcome; returns its text."""
    text = ""
    choices = getattr(chunk, "choices", None)
    if not isinstance(choices, list):
        raise ChatFault("the server sent a chunk that is not a chat completion chunk "
                        f"({short(repr(chunk), 120)}); the reply is incomplete")
    usage = getattr(chunk, "usage", None)
    if usage is not None:
        for name in ("prompt_tokens", "completion_tokens", "total_tokens"):
            value = getattr(usage, name, None)
            if isinstance(value, int):
                outcome.usage[name] = value
    for choice in choices:
        delta = getattr(choice, "delta", None)
        piece = getattr(delta, "content", None)
        if isinstance(piece, str) and piece:
            text += piece
        for position, call in enumerate(getattr(delta, "tool_calls", None) or ()):
            index = call.index if isinstance(getattr(call, "index", None), int) else position
            entry = calls.get(index)
            if entry is None:
                if len(calls) >= limits.tool_calls:
                    skipped.add(index)
                    continue
                entry = calls[index] = RequestedCall()
            if call.id:
                entry.id = str(call.id)
            function = call.function
            if function is not None:
                # Some servers repeat the full name in every chunk, others send it once: assign.
                if function.name:
                    entry.name = str(function.name)[:200]
                if function.arguments and not entry.oversized:
                    arguments = entry.arguments + str(function.arguments)
                    entry.oversized = len(arguments) > limits.argument_chars
                    entry.arguments = arguments[: limits.argument_chars]
        if getattr(choice, "finish_reason", None):
            outcome.finish_reason = choice.finish_reason
    return text


def _attempt(create: Callable[[], Any], on_text: Callable[[str], None],
             cancel: threading.Event, base_url: str, timeout: float,
             limits: StepLimits) -> StepOutcome:
    out: queue.Queue[tuple[str, Any]] = queue.Queue()
    stop = threading.Event()
    opened: list[Any] = []
    threading.Thread(target=_pump, args=(create, out, stop, opened), name="kiwi-orchestrator",
                     daemon=True).start()
    outcome = StepOutcome()
    calls: dict[int, RequestedCall] = {}
    skipped: set[int] = set()
    try:
        while True:
            if cancel.is_set():
                outcome.cancelled = True
                break
            try:
                kind, payload = out.get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue
            if kind == "chunk":
                try:
                    piece = _read_chunk(payload, outcome, calls, limits, skipped)
                except ChatFault:
                    raise
                except (AttributeError, TypeError, ValueError) as exc:
                    raise ChatFault(
                        f"{where(base_url)} sent a chunk that is not a chat completion chunk "
                        f"({type(exc).__name__}: {short(str(exc), 120)}); the reply is "
                        "incomplete") from None
                room = limits.reply_chars - len(outcome.text)
                if len(piece) > room:
                    piece, outcome.reply_cut = piece[: max(room, 0)], True
                if piece:
                    outcome.text += piece
                    on_text(piece)
                if outcome.reply_cut:
                    break
            elif kind == "fail":
                raise describe(payload, base_url, timeout, bool(outcome.text or calls))
            else:
                if outcome.finish_reason is None:
                    # [DONE] or a clean close without a finish_reason: the server was cut off.
                    raise ChatFault(f"{where(base_url)} ended the stream before the reply was "
                                    "complete (no finish_reason); the reply is incomplete")
                break
    except ChatFault as fault:
        stop.set()
        _close_later(opened)
        fault.had_output = bool(outcome.text or calls)
        fault.partial_text = outcome.text
        raise
    except BaseException:
        stop.set()
        _close_later(opened)
        raise
    if outcome.cancelled or outcome.reply_cut:
        stop.set()
        _close_later(opened)
    outcome.tool_calls = [calls[i] for i in sorted(calls)]
    outcome.skipped_calls = len(skipped)
    return outcome


def stream_chat(
    client: openai.OpenAI,
    params: dict[str, Any],
    *,
    on_text: Callable[[str], None],
    on_retry: Callable[[str, float, int], None],
    cancel: threading.Event,
    retries: int,
    timeout: float,
    connect_timeout: float,
    limits: StepLimits = NO_LIMITS,
) -> StepOutcome:
    """Stream one chat completion; never raises for network or server faults.

    Args:
        client: an SDK client with max_retries=0.
        params: arguments of `chat.completions.create` (stream=True is added).
        on_text: called with each piece of text as it arrives.
        on_retry: called with (message, seconds before the retry, attempt) on a transient fault.
        cancel: set it to stop; the outcome is returned with `cancelled` and the text so far.
        retries: retries of transient faults at most.
        timeout: the read timeout, named in the stall message.
        connect_timeout: the DNS lookup's limit.
        limits: how much of the reply is read.

    Returns:
        The outcome; `error` holds the message when it failed (with the partial text kept).
    """
    base_url = str(client.base_url).rstrip("/")

    def create() -> Any:
        return client.chat.completions.create(**params, stream=True)

    attempt = 0
    while True:
        try:
            check_host(base_url, connect_timeout)
            return _attempt(create, on_text, cancel, base_url, timeout, limits)
        except ChatFault as fault:
            if not fault.transient or attempt >= retries or fault.had_output:
                return StepOutcome(text=fault.partial_text, error=fault.message)
            if fault.retry_after is not None and fault.retry_after > MAX_RETRY_AFTER:
                return StepOutcome(error=f"{fault.message}; the server asks to wait "
                                         f"{fault.retry_after:g} s before trying again")
            delay = fault.retry_after if fault.retry_after is not None else BACKOFF[
                min(attempt, len(BACKOFF) - 1)]
            attempt += 1
            on_retry(fault.message, delay, attempt)
            if cancel.wait(delay):
                return StepOutcome(cancelled=True)
