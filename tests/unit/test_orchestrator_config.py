"""Orchestrator settings: providers, the default one, flag and env overrides, the factory."""

from __future__ import annotations

import argparse
import copy
from typing import Any

import pytest

from kiwi_term.config import DEFAULTS, Config
from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator import (
    NullOrchestrator,
    OrchestratorRequest,
    OrchestratorState,
    make_orchestrator,
)
from kiwi_term.orchestrator.config import (
    CUSTOM_KEY_ENV,
    CUSTOM_PROVIDER,
    MODEL_ENV,
    URL_ENV,
    add_arguments,
    load_settings,
)
from kiwi_term.primitives import Kiwi


def config(**tables: Any) -> Config:
    data = copy.deepcopy(DEFAULTS)
    for name, table in tables.items():
        data[name] = {**data.get(name, {}), **table}
    return Config(data)


PROVIDERS = {
    "hosted": {"base_url": "https://api.example.com/v1/", "model": "big",
               "api_key_env": "HOSTED_KEY", "headers": {"X-Team": "kiwi"}},
    "local": {"base_url": "http://127.0.0.1:8080/v1", "model": "small",
              "response_cache": False, "tool_choice": "search", "tool_result_role": "user"},
}


@pytest.fixture(autouse=True)
def no_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(URL_ENV, raising=False)
    monkeypatch.delenv(MODEL_ENV, raising=False)


def test_nothing_configured_gives_a_null_orchestrator_that_says_what_to_do() -> None:
    orchestrator = make_orchestrator(Kiwi(None), config())
    assert isinstance(orchestrator, NullOrchestrator) and orchestrator.state == "none"
    assert orchestrator.state is OrchestratorState.NONE
    events = []
    reply = orchestrator.run(OrchestratorRequest(text="hi"), events.append)
    assert reply.error and "--orchestrator-url" in reply.error and "[providers." in reply.error
    assert [e.kind for e in events] == ["error"]


def test_the_default_provider_is_used_with_its_settings() -> None:
    settings = load_settings(config(providers=PROVIDERS, orchestrator={"default": "local"}), env={})
    provider = settings.provider
    assert provider is not None and provider.name == "local"
    assert (provider.base_url, provider.model, provider.response_cache) == (
        "http://127.0.0.1:8080/v1", "small", False)
    assert (provider.tool_choice, provider.tool_result_role) == ("search", "user")
    assert set(settings.providers) == {"hosted", "local"}


def test_without_a_default_the_first_provider_is_used() -> None:
    settings = load_settings(config(providers=PROVIDERS), env={})
    assert settings.provider is not None and settings.provider.name == "hosted"
    assert settings.provider.base_url == "https://api.example.com/v1"
    assert settings.provider.headers == {"X-Team": "kiwi"}


def test_the_environment_overrides_the_config_and_flags_override_both() -> None:
    conf = config(providers=PROVIDERS, orchestrator={"default": "hosted"})
    env = {URL_ENV: "http://127.0.0.1:11434/v1", MODEL_ENV: "llama3"}
    from_env = load_settings(conf, env=env)
    assert from_env.provider is not None and from_env.origin == "env"
    assert (from_env.provider.base_url, from_env.provider.model) == (
        "http://127.0.0.1:11434/v1", "llama3")
    from_flags = load_settings(conf, url="http://127.0.0.1:9999/v1", model="qwen", env=env)
    assert from_flags.provider is not None and from_flags.origin == "flag"
    assert (from_flags.provider.base_url, from_flags.provider.model) == (
        "http://127.0.0.1:9999/v1", "qwen")


def test_a_foreign_url_never_gets_a_configured_providers_key() -> None:
    conf = config(providers=PROVIDERS, orchestrator={"default": "hosted"})
    settings = load_settings(conf, url="http://127.0.0.1:9999/v1", env={})
    assert settings.provider is not None
    assert settings.provider.name == CUSTOM_PROVIDER
    assert settings.provider.api_key_env == CUSTOM_KEY_ENV
    assert settings.provider.headers == {}
    # The URL of a configured provider selects that provider, key and all.
    same = load_settings(conf, url="http://127.0.0.1:8080/v1/", env={})
    assert same.provider is not None and same.provider.name == "local"


def test_a_model_override_alone_changes_the_default_providers_model() -> None:
    conf = config(providers=PROVIDERS, orchestrator={"default": "hosted"})
    settings = load_settings(conf, env={MODEL_ENV: "bigger"})
    assert settings.provider is not None
    assert (settings.provider.name, settings.provider.model) == ("hosted", "bigger")
    assert settings.provider.api_key_env == "HOSTED_KEY"


def test_an_override_url_alone_makes_a_provider() -> None:
    settings = load_settings(config(), url="http://127.0.0.1:8000/v1", model="m", env={})
    assert settings.provider is not None and settings.provider.model == "m"


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        ({"providers": {"x": {"model": "m"}}}, "base_url"),
        ({"providers": {"x": {"base_url": "ftp://h/v1"}}}, "is not an http"),
        ({"providers": {"x": {"base_url": "http://h/v1", "tool_choice": "maybe"}}},
         "tool_choice"),
        ({"providers": PROVIDERS, "orchestrator": {"default": "nope"}}, "'nope'"),
    ],
)
def test_bad_settings_are_reported(tables: dict[str, Any], message: str) -> None:
    with pytest.raises(KiwiError, match=message):
        load_settings(config(**tables), env={})
    orchestrator = make_orchestrator(Kiwi(None), config(**tables))
    assert isinstance(orchestrator, NullOrchestrator) and message in orchestrator.reason


def test_limits_are_read_and_the_connect_timeout_is_capped_at_two_seconds() -> None:
    conf = config(providers=PROVIDERS, orchestrator={
        "max_steps": 3, "token_budget": 1500, "timeout": 7, "connect_timeout": 30},
        response_cache={"enabled": False, "ttl": 60, "similarity": 0.97})
    settings = load_settings(conf, env={})
    assert (settings.max_steps, settings.token_budget, settings.timeout) == (3, 1500, 7.0)
    assert settings.connect_timeout == 2.0
    assert (settings.cache_enabled, settings.cache_ttl, settings.cache_similarity) == (
        False, 60.0, 0.97)


def test_the_request_limits_have_defaults_and_are_read() -> None:
    defaults = load_settings(config(providers=PROVIDERS), env={})
    assert (defaults.deadline, defaults.max_reply_chars, defaults.max_argument_chars,
            defaults.max_tool_calls) == (300.0, 50_000, 100_000, 8)
    conf = config(providers=PROVIDERS, orchestrator={
        "deadline": 20, "max_reply_chars": 900, "max_argument_chars": 700, "max_tool_calls": 2})
    settings = load_settings(conf, env={})
    assert (settings.deadline, settings.max_reply_chars, settings.max_argument_chars,
            settings.max_tool_calls) == (20.0, 900, 700, 2)
    # Nonsense is raised to a floor, so no setting can stop every request at once.
    floor = load_settings(config(providers=PROVIDERS, orchestrator={
        "deadline": 0, "max_reply_chars": -1, "max_argument_chars": 0, "max_tool_calls": 0}),
        env={})
    assert (floor.deadline, floor.max_reply_chars, floor.max_argument_chars,
            floor.max_tool_calls) == (1.0, 100, 100, 1)


def test_a_configured_provider_gives_a_ready_remote_orchestrator() -> None:
    orchestrator = make_orchestrator(
        Kiwi(None), config(providers=PROVIDERS, orchestrator={"default": "local"}))
    assert type(orchestrator).__name__ == "RemoteOrchestrator"
    assert orchestrator.state == "ready" and orchestrator.name == "local"


def test_the_flags_parse() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--orchestrator-url", "http://h:1/v1", "--orchestrator-model", "m"])
    assert (args.orchestrator_url, args.orchestrator_model) == ("http://h:1/v1", "m")
