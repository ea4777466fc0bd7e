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

import ipaddress
import queue
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import httpx2
import openai

POLL_SECONDS = 0.05
"""How often the waiting thread looks at the cancel flag."""
BACKOFF = (0.5, 1.0, 2.0, 4.0)
"""Seconds before retry n (the last value repeats)."""
MAX_RETRY_AFTER = 4.0
"""A Retry-After longer than this is not waited for: the user hears of the fault instead."""


class ChatFault(Exception):
    """A failed request, with a message meant for the user."""

    def __init__(self, message: str, transient: bool = False, retry_after: float | None = None):
        super().__init__(message)
        self.message = message
        """What went wrong and, where known, what to do."""
        self.transient = transient
        """Worth retrying (the server may answer next time)."""
        self.retry_after = retry_after
        """Seconds the server asked to wait, if it did."""
        self.had_output = False
        """Part of the reply had arrived (and was passed on) before the fault."""
        self.partial_text = ""
        """The text that had arrived."""


@dataclass
class StepOutcome:
    """What one streamed request produced."""

    text: str = ""
    tool_calls: list[dict[str, str]] = field(default_factory=list)
    """{"id", "name", "arguments"} each, arguments as the JSON text the model wrote."""
    finish_reason: str | None = None
    cancelled: bool = False
    error: str | None = None
    usage: dict[str, int] = field(default_factory=dict)


def where(base_url: str) -> str:
    """How messages name the server."""
    return f"the orchestrator server at {base_url}"


def check_host(base_url: str, timeout: float) -> None:
    """Resolve the URL's host within `timeout` seconds.

    httpx bounds the TCP connect, not the DNS lookup before it, which a broken resolver can stretch
    to many seconds; this bounds it.

    Raises:
        ChatFault: the name does not resolve, or not in time.
    """
    host = urlparse(base_url).hostname or ""
    if host == "localhost":
        return
    try:
        ipaddress.ip_address(host)
        return
    except ValueError:
        pass
    found: list[BaseException | None] = []

    def resolve() -> None:
        try:
            socket.getaddrinfo(host, None)
            found.append(None)
        except OSError as exc:
            found.append(exc)

    thread = threading.Thread(target=resolve, name="kiwi-dns", daemon=True)
    thread.start()
    thread.join(timeout)
    if not found:
        raise ChatFault(f"cannot resolve {host!r} within {timeout:g} s (DNS); check the network")
    if found[0] is not None:
        raise ChatFault(f"cannot resolve {host!r} (DNS failure: {found[0]}); check base_url")


def describe(exc: BaseException, base_url: str, timeout: float, after_output: bool) -> ChatFault:
    """Turn what the SDK raised into a ChatFault with a message a person can act on."""
    if isinstance(exc, ChatFault):
        return exc
    server = where(base_url)
    cause = exc.__cause__
    if isinstance(exc, openai.APITimeoutError):
        if isinstance(cause, httpx2.ConnectTimeout | httpx2.PoolTimeout):
            return ChatFault(
                f"no connection to {server} within the connect timeout (server down, or the "
                "network unreachable)", transient=True)
        if after_output:
            return ChatFault(f"{server} stopped sending for {timeout:g} s in the middle of the "
                             "reply; the reply is incomplete")
        return ChatFault(f"{server} accepted the request but sent nothing for {timeout:g} s "
                         "(stuck or overloaded; orchestrator.timeout sets this limit)")
    if isinstance(exc, openai.APIConnectionError):
        detail = str(cause or exc)
        if after_output or isinstance(cause, httpx2.RemoteProtocolError):
            return ChatFault(f"the connection to {server} broke off in the middle of the reply "
                             f"({detail}); the reply is incomplete")
        if "refused" in detail.lower():
            return ChatFault(f"cannot connect to {server}: connection refused (is the server "
                             "running?)", transient=True)
        return ChatFault(f"cannot connect to {server}: {detail}", transient=True)
    if isinstance(exc, openai.APIStatusError):
        return _status_fault(exc, server)
    if isinstance(exc, openai.APIError):
        return ChatFault(f"{server} reported an error in the middle of the stream: {exc.message}")
    if isinstance(exc, ValueError):
        return ChatFault(f"{server} sent a malformed stream (a chunk that is not valid JSON: "
                         f"{_short(str(exc))}); the reply is incomplete")
    return ChatFault(f"talking to {server} failed: {type(exc).__name__}: {_short(str(exc))}")


def _status_fault(exc: openai.APIStatusError, server: str) -> ChatFault:
    code = exc.status_code
    detail = _short(_error_text(exc))
    if code in (401, 403):
        return ChatFault(
            f"{server} refused the API key (HTTP {code}: {detail}); store one with "
            "`kiwi auth set PROVIDER`, or set the provider's api_key_env")
    if code == 404:
        return ChatFault(f"{server} answered 404 ({detail}); check base_url (it usually ends in "
                         "/v1) and the model name")
    if code == 429:
        return ChatFault(f"{server} is rate limiting (HTTP 429: {detail})", transient=True,
                         retry_after=_retry_after(exc.response))
    if code >= 500 or code == 408:
        return ChatFault(f"{server} failed (HTTP {code}: {detail})", transient=True,
                         retry_after=_retry_after(exc.response))
    return ChatFault(f"{server} refused the request (HTTP {code}: {detail})")


def _error_text(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
        return str(inner)
    return str(body or exc.message)


def _retry_after(response: Any) -> float | None:
    try:
        value = float(response.headers.get("retry-after", ""))
    except (AttributeError, TypeError, ValueError):
        return None
    return value if value >= 0 else None


def _short(text: str, width: int = 200) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def _pump(create: Callable[[], Any], out: queue.Queue, stop: threading.Event,
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


def _read_chunk(chunk: Any, outcome: StepOutcome, calls: dict[int, dict[str, str]]) -> str:
    """Fold one chunk into the outcome; returns its text."""
    text = ""
    choices = getattr(chunk, "choices", None)
    if not isinstance(choices, list):
        raise ChatFault("the server sent a chunk that is not a chat completion chunk "
                        f"({_short(repr(chunk), 120)}); the reply is incomplete")
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
            entry = calls.setdefault(index, {"id": "", "name": "", "arguments": ""})
            if call.id:
                entry["id"] = call.id
            function = call.function
            if function is not None:
                # Some servers repeat the full name in every chunk, others send it once: assign.
                if function.name:
                    entry["name"] = function.name
                if function.arguments:
                    entry["arguments"] += function.arguments
        if getattr(choice, "finish_reason", None):
            outcome.finish_reason = choice.finish_reason
    return text


def _attempt(create: Callable[[], Any], on_text: Callable[[str], None],
             cancel: threading.Event, base_url: str, timeout: float) -> StepOutcome:
    out: queue.Queue = queue.Queue()
    stop = threading.Event()
    opened: list[Any] = []
    threading.Thread(target=_pump, args=(create, out, stop, opened), name="kiwi-orchestrator",
                     daemon=True).start()
    outcome = StepOutcome()
    calls: dict[int, dict[str, str]] = {}
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
                    piece = _read_chunk(payload, outcome, calls)
                except ChatFault:
                    raise
                except (AttributeError, TypeError, ValueError) as exc:
                    raise ChatFault(
                        f"{where(base_url)} sent a chunk that is not a chat completion chunk "
                        f"({type(exc).__name__}: {_short(str(exc), 120)}); the reply is "
                        "incomplete") from None
                if piece:
                    outcome.text += piece
                    on_text(piece)
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
    if outcome.cancelled:
        stop.set()
        _close_later(opened)
    outcome.tool_calls = [calls[i] for i in sorted(calls)]
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
            return _attempt(create, on_text, cancel, base_url, timeout)
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
