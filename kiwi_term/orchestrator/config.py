"""Orchestrator settings: providers, the default one, overrides and limits.

```toml
[orchestrator]
default = "local"          # the provider used; else the only (or first) one configured
max_steps = 6              # calls of the model per request (tool calls in between)
token_budget = 6000        # what the conversation sent may take, estimated
timeout = 60.0             # seconds of silence from the server before the request fails
connect_timeout = 2.0      # capped at 2 s: an unreachable server is reported at once
retries = 2                # transient faults (refused, 429, 5xx) retried with backoff
max_tokens = 1024
deadline = 300.0           # seconds one request may take in all, tool calls included
max_reply_chars = 50000    # reply text kept at most; the stream is stopped there
max_argument_chars = 100000  # a tool call's arguments (JSON text) at most; longer is refused
max_tool_calls = 8         # tool calls run per step; the model hears of the others

[consent]                  # the model's calls that run without asking (see consent.py)
allow = ["execute:script:csv_parser", "create:knowledge"]

[providers.local]
base_url = "http://127.0.0.1:8080/v1"
model = "qwen2.5-7b-instruct"
api_key_env = "LOCAL_LLM_KEY"      # else the key stored by `kiwi auth set local`, else none
headers = { "X-Team" = "kiwi" }
response_cache = true              # answer repeated questions from the cache (default on)
tool_choice = "auto"               # or "search" / "load" / "execute" (forced) / "none"
tool_result_role = "tool"          # "user" for servers whose chat template drops tool messages
```

`--orchestrator-url` / `--orchestrator-model` (see `add_arguments`) beat `KIWI_ORCHESTRATOR_URL` /
`KIWI_ORCHESTRATOR_MODEL`, which beat the config. A model override changes the default provider's
model. A URL override that is not a configured provider's URL makes an ad-hoc provider named
`custom`: a configured provider's key is never sent to a URL the user did not configure for it.

A model that replies without end, writes huge or endless tool calls, or loops through steps
cannot hold the terminal or its memory: the limits above end it with a message instead.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, cast
from urllib.parse import urlparse

from kiwi_term.config import Config
from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator.consent import ConsentPolicy

URL_ENV = "KIWI_ORCHESTRATOR_URL"
MODEL_ENV = "KIWI_ORCHESTRATOR_MODEL"
CUSTOM_PROVIDER = "custom"
"""Name of the provider made from a URL override; its key: `kiwi auth set custom` or the env var
below."""
CUSTOM_KEY_ENV = "KIWI_ORCHESTRATOR_API_KEY"
ToolChoice = Literal["auto", "none", "search", "load", "execute"]
"""Which tool the model must call on a request's first step ("auto": it chooses)."""
TOOL_CHOICES: tuple[ToolChoice, ...] = ("auto", "none", "search", "load", "execute")
ToolResultRole = Literal["tool", "user"]
MAX_CONNECT_TIMEOUT = 2.0
"""An unreachable server is reported within 2 s, whatever the config asks for."""


@dataclass(frozen=True)
class ProviderSettings:
    """One OpenAI-compatible endpoint."""

    name: str
    base_url: str
    """Up to and including the version, e.g. `https://api.openai.com/v1`."""
    model: str = ""
    """Model name; empty asks the server's /models for its first one."""
    api_key_env: str = ""
    """Environment variable holding the key; else the key stored with `kiwi auth set`."""
    headers: dict[str, str] = field(default_factory=dict)
    """Extra HTTP headers sent with every request."""
    response_cache: bool = True
    """Whether repeated questions are answered from the response cache."""
    tool_choice: ToolChoice = "auto"
    """auto, none, or a primitive the model must call on a request's first step."""
    tool_result_role: ToolResultRole = "tool"
    """How tool results go back: "tool" messages, or "user" messages for servers whose chat
    template drops tool messages (llama-cpp-python's chatml-function-calling does)."""
    max_tokens: int | None = None
    """Overrides `orchestrator.max_tokens` for this provider."""
    temperature: float | None = None


@dataclass(frozen=True)
class OrchestratorSettings:
    """Everything the remote orchestrator needs from the config, overrides applied."""

    provider: ProviderSettings | None
    """The provider in use; None when none is configured."""
    providers: dict[str, ProviderSettings] = field(default_factory=dict)
    max_steps: int = 6
    """Calls of the model per request, tool calls in between."""
    token_budget: int = 6000
    """Estimated tokens the conversation sent to the model may take."""
    timeout: float = 60.0
    """Seconds of silence from the server (before the first token or between two)."""
    connect_timeout: float = MAX_CONNECT_TIMEOUT
    retries: int = 2
    """Transient faults retried, while nothing of the reply has arrived."""
    max_tokens: int = 1024
    deadline: float = 300.0
    """Seconds one request may take in all (every step and tool call); then it is stopped."""
    max_reply_chars: int = 50_000
    """Characters of reply text kept; the stream is stopped there and the request fails."""
    max_argument_chars: int = 100_000
    """Characters of one tool call's arguments (its JSON text); a longer call is not run and the
    model is told so."""
    max_tool_calls: int = 8
    """Tool calls run in one step; the model is told that the others were not."""
    knowledge_entries: int = 3
    """Knowledge entries retrieved for the text and put in the system prompt."""
    warm_items: int = 12
    """Warm items listed in the system prompt at most."""
    tool_result_chars: int = 4000
    """A tool result longer than this is cut before it goes back to the model."""
    cache_enabled: bool = True
    cache_ttl: float = 3600.0
    cache_similarity: float = 0.95
    auto_threshold: float = 0.85
    confirm_threshold: float = 0.6
    origin: str = "config"
    """Where the provider came from: config, env or flag."""
    consent: ConsentPolicy = field(default_factory=ConsentPolicy)
    """The model's calls that run without asking the user (`[consent] allow`)."""


def _provider(name: str, table: Mapping[str, Any]) -> ProviderSettings:
    if not isinstance(table, Mapping):
        raise KiwiError(f"[providers.{name}] must be a table")
    base_url = str(table.get("base_url", "")).strip()
    check_url(base_url, f"[providers.{name}] base_url")
    headers = table.get("headers") or {}
    if not isinstance(headers, Mapping):
        raise KiwiError(f"[providers.{name}] headers must be a table of strings")
    tool_choice = cast(ToolChoice, str(table.get("tool_choice", "auto")))
    if tool_choice not in TOOL_CHOICES:
        raise KiwiError(
            f"[providers.{name}] tool_choice must be one of {', '.join(TOOL_CHOICES)}"
        )
    role = cast(ToolResultRole, str(table.get("tool_result_role", "tool")))
    if role not in ("tool", "user"):
        raise KiwiError(f"[providers.{name}] tool_result_role must be 'tool' or 'user'")
    max_tokens = table.get("max_tokens")
    temperature = table.get("temperature")
    return ProviderSettings(
        name=name,
        base_url=base_url.rstrip("/"),
        model=str(table.get("model", "")),
        api_key_env=str(table.get("api_key_env", "")),
        headers={str(k): str(v) for k, v in headers.items()},
        response_cache=bool(table.get("response_cache", True)),
        tool_choice=tool_choice,
        tool_result_role=role,
        max_tokens=int(max_tokens) if max_tokens is not None else None,
        temperature=float(temperature) if temperature is not None else None,
    )


def check_url(url: str, what: str) -> None:
    """Refuse a base URL that is not http(s)://host[:port][/path].

    Raises:
        KiwiError: naming `what` and the expected form.
    """
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise KiwiError(
            f"{what} {url!r} is not an http(s) URL; expected e.g. http://127.0.0.1:8080/v1"
        )


def load_settings(
    config: Config,
    url: str | None = None,
    model: str | None = None,
    env: Mapping[str, str] | None = None,
) -> OrchestratorSettings:
    """Read the orchestrator's settings, with the flag and environment overrides applied.

    Args:
        config: the merged config.
        url: `--orchestrator-url`, if given.
        model: `--orchestrator-model`, if given.
        env: the environment (default `os.environ`).

    Raises:
        KiwiError: a provider table is malformed, or `default` names no provider.
    """
    env = os.environ if env is None else env
    section = config.section("orchestrator")
    providers = {
        name: _provider(name, table) for name, table in config.section("providers").items()
    }
    default = str(section.get("default", "") or "")
    if default and default not in providers:
        known = ", ".join(providers) or "none is configured"
        raise KiwiError(f"orchestrator.default names provider {default!r}, but {known}")
    provider = providers.get(default) or next(iter(providers.values()), None)
    origin = "config"

    url_override, url_origin = (url, "flag") if url else (env.get(URL_ENV, ""), "env")
    model_override = model or env.get(MODEL_ENV, "")
    if url_override:
        check_url(url_override, "--orchestrator-url" if url_origin == "flag" else URL_ENV)
        same = [p for p in providers.values() if p.base_url == url_override.rstrip("/")]
        provider = same[0] if same else ProviderSettings(
            name=CUSTOM_PROVIDER,
            base_url=url_override.rstrip("/"),
            model=provider.model if provider else "",
            api_key_env=CUSTOM_KEY_ENV,
        )
        origin = url_origin
    if model_override and provider is not None:
        provider = replace(provider, model=model_override)
        origin = origin if url_override else ("flag" if model else "env")

    cache = config.section("response_cache")
    return OrchestratorSettings(
        provider=provider,
        providers=providers,
        max_steps=max(1, int(section.get("max_steps", 6))),
        token_budget=max(256, int(section.get("token_budget", 6000))),
        timeout=max(0.1, float(section.get("timeout", 60.0))),
        connect_timeout=min(MAX_CONNECT_TIMEOUT, float(section.get("connect_timeout", 2.0))),
        retries=max(0, int(section.get("retries", 2))),
        max_tokens=max(1, int(section.get("max_tokens", 1024))),
        deadline=max(1.0, float(section.get("deadline", 300.0))),
        max_reply_chars=max(100, int(section.get("max_reply_chars", 50_000))),
        max_argument_chars=max(100, int(section.get("max_argument_chars", 100_000))),
        max_tool_calls=max(1, int(section.get("max_tool_calls", 8))),
        knowledge_entries=max(0, int(section.get("knowledge_entries", 3))),
        warm_items=max(0, int(section.get("warm_items", 12))),
        tool_result_chars=max(200, int(section.get("tool_result_chars", 4000))),
        cache_enabled=bool(cache.get("enabled", True)),
        cache_ttl=float(cache.get("ttl", 3600)),
        cache_similarity=float(cache.get("similarity", 0.95)),
        auto_threshold=config.auto_threshold,
        confirm_threshold=config.confirm_threshold,
        origin=origin,
        consent=ConsentPolicy.from_table(config.section("consent")),
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add `--orchestrator-url URL` and `--orchestrator-model NAME` to a parser.

    Pass the parsed values to `make_orchestrator(kiwi, config, url=..., model=...)` (in
    `kiwi_term.orchestrator.factory`).
    """
    parser.add_argument(
        "--orchestrator-url",
        metavar="URL",
        default=None,
        help=f"OpenAI-compatible endpoint for the orchestrator, e.g. http://127.0.0.1:8080/v1 "
        f"(overrides {URL_ENV} and the config)",
    )
    parser.add_argument(
        "--orchestrator-model",
        metavar="NAME",
        default=None,
        help=f"model the orchestrator asks for (overrides {MODEL_ENV} and the config)",
    )
