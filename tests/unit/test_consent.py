"""Consent for the model's calls: which need the user's yes, what `[consent] allow` pre-approves,
and what the model is told when a call does not run."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kiwi_term.calls import ToolCall
from kiwi_term.config import Config, project_config_path
from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator.config import load_settings
from kiwi_term.orchestrator.consent import (
    ConsentGate,
    ConsentPolicy,
    ConsentRequest,
    ConsentRule,
)


def execute(item_type: str, item_id: str, action: str = "run") -> ToolCall:
    return ToolCall("execute", {"item_type": item_type, "item_id": item_id, "action": action})


RUN_CSV = execute("script", "csv_parser")
RUN_OTHER = execute("script", "csv_parser2")
CREATE_NOTE = execute("knowledge", "team_rules", "create")
DELETE_NOTE = execute("knowledge", "team_rules", "delete")
RUN_DIRECTIVE = execute("directive", "csv_parser")
SEARCH = ToolCall("search", {"item_type": "any", "query": "csv"})
LOAD = ToolCall("load", {"item_type": "script", "item_id": "csv_parser"})


def policy(*allow: str) -> ConsentPolicy:
    return ConsentPolicy.from_table({"allow": list(allow)})


@pytest.mark.parametrize(
    ("allow", "call", "approved"),
    [
        (["execute:script:csv_parser"], RUN_CSV, True),
        (["execute:script:csv_parser"], RUN_OTHER, False),  # an id is matched whole
        (["execute:script:csv_parser"], RUN_DIRECTIVE, False),  # and with its type
        (["execute:script:csv_parser"], execute("script", "csv_parser", "update"), False),
        (["execute:script"], RUN_OTHER, True),
        (["execute:*:csv_parser"], RUN_DIRECTIVE, True),
        (["execute"], RUN_DIRECTIVE, True),
        (["create:knowledge"], CREATE_NOTE, True),
        (["create:knowledge"], DELETE_NOTE, False),
        (["create:knowledge"], execute("script", "team_rules", "create"), False),
        (["delete:knowledge:team_rules", "create:script"], DELETE_NOTE, True),
        ([], RUN_CSV, False),
    ],
)
def test_pre_approval_matches_by_verb_type_and_id(
    allow: list[str], call: ToolCall, approved: bool
) -> None:
    assert (policy(*allow).approval(call) is not None) is approved


@pytest.mark.parametrize(
    "entry",
    ["run:script", "exec", "execute:scripts", "execute:script:a:b", "execute::x", "", "*"],
)
def test_a_malformed_rule_is_refused_with_its_text(entry: str) -> None:
    with pytest.raises(KiwiError, match=r"\[consent\] allow entry"):
        ConsentRule.parse(entry)


def test_allow_must_be_a_list_of_strings() -> None:
    with pytest.raises(KiwiError, match="list of strings"):
        ConsentPolicy.from_table({"allow": [1, 2]})
    assert policy().rules == ()
    assert ConsentPolicy.from_table({"allow": "create:knowledge"}).approval(CREATE_NOTE)


def test_search_and_load_never_wait_and_the_rest_wait_for_the_user() -> None:
    asked: list[ConsentRequest] = []
    stop = threading.Event()

    def refuse(request: ConsentRequest) -> bool:
        asked.append(request)
        return False

    gate = ConsentGate(policy("execute:script:csv_parser"), refuse)
    assert gate.refusal(SEARCH, stop) is None and gate.refusal(LOAD, stop) is None
    assert gate.refusal(RUN_CSV, stop) is None, "pre-approved"
    assert asked == []

    refusal = gate.refusal(CREATE_NOTE, stop)
    assert refusal is not None and "the user refused" in refusal
    (request,) = asked
    assert request.call == CREATE_NOTE and request.rule == "create:knowledge:team_rules"
    assert '"action": "create"' in request.exact()
    assert ConsentGate(policy(), lambda _r: True).refusal(CREATE_NOTE, stop) is None


def test_with_nobody_to_ask_only_pre_approved_calls_run() -> None:
    gate = ConsentGate(policy("create:knowledge"), None)
    stop = threading.Event()
    assert gate.refusal(CREATE_NOTE, stop) is None
    refusal = gate.refusal(RUN_CSV, stop)
    assert refusal is not None and "no one to ask" in refusal
    assert "execute:script:csv_parser" in refusal


def test_a_stopped_request_or_a_broken_prompt_refuses() -> None:
    stop = threading.Event()

    def approve_after_stop(_request: ConsentRequest) -> bool:
        stop.set()
        return True

    refusal = ConsentGate(policy(), approve_after_stop).refusal(RUN_CSV, stop)
    assert refusal is not None and "stopped" in refusal

    def broken(_request: ConsentRequest) -> bool:
        raise RuntimeError("the screen is gone")

    refusal = ConsentGate(policy(), broken).refusal(RUN_CSV, threading.Event())
    assert refusal is not None and "refused" in refusal


def test_the_settings_read_consent_and_an_untrusted_project_cannot_pre_approve(
    kiwi_env: dict[str, Path], project: Path
) -> None:
    user = kiwi_env["KIWI_CONFIG_DIR"]
    user.mkdir(parents=True, exist_ok=True)
    (user / "config.toml").write_text(
        '[consent]\nallow = ["create:knowledge"]\n', encoding="utf-8")
    project_config_path(project).write_text(
        '[consent]\nallow = ["execute"]\n', encoding="utf-8")

    config = Config.load(project)
    assert "consent" in config.ignored_project_tables
    settings = load_settings(config)
    assert settings.consent.approval(CREATE_NOTE) is not None
    assert settings.consent.approval(RUN_CSV) is None

    (user / "config.toml").write_text('[consent]\nallow = ["run:script"]\n', encoding="utf-8")
    with pytest.raises(KiwiError, match="run:script"):
        load_settings(Config.load(None))
