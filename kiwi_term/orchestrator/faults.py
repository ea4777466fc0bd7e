"""What went wrong talking to the orchestrator's server, in words a person can act on.

Each fault the SDK or the network raises becomes a `ChatFault` whose message names the server,
what happened and, where known, what to do; `transient` says whether a retry may help.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from typing import Any
from urllib.parse import urlparse

import httpx2
import openai


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
                         f"{short(str(exc))}); the reply is incomplete")
    return ChatFault(f"talking to {server} failed: {type(exc).__name__}: {short(str(exc))}")


def _status_fault(exc: openai.APIStatusError, server: str) -> ChatFault:
    code = exc.status_code
    detail = short(_error_text(exc))
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


def short(text: str, width: int = 200) -> str:
    """`text` on one line, cut to `width` characters."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
