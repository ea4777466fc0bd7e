"""The saved session is scrubbed like the interaction log and readable by the user alone."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from kiwi_term.ui.session import Entry, Session, SessionStore

KEY = "sk-proj-abcdefghijklmnop0123456789"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SessionStore:
    monkeypatch.setenv("MY_SERVICE_TOKEN", "env-secret-value-42")
    return SessionStore(tmp_path / "project", folder=tmp_path / "sessions")


def test_secrets_typed_printed_or_from_the_environment_never_reach_the_file(
        store: SessionStore) -> None:
    session = Session(
        entries=[Entry(kind="call", text=f"deploy with key {KEY}",
                       title="execute(script, deploy, password=hunter22)",
                       lines=["token: env-secret-value-42",
                              "Authorization: Bearer abcdefgh12345678", "all fine"])],
        history=[f"export OPENAI_API_KEY={KEY}", "list my photos"],
        turns=[(f"use {KEY}", ("script", "deploy"))],
    )
    store.save(session)
    raw = store.path.read_text(encoding="utf-8")
    for secret in (KEY, "hunter22", "env-secret-value-42", "abcdefgh12345678"):
        assert secret not in raw
    restored = store.load()
    assert restored.history[1] == "list my photos"
    assert restored.entries[0].lines[2] == "all fine"
    assert "[redacted]" in restored.entries[0].text
    assert restored.turns[0][1] == ("script", "deploy")


def test_the_file_is_0600_and_written_atomically(store: SessionStore) -> None:
    store.save(Session(history=["one"]))
    store.save(Session(history=["one", "two"]))
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert [p.name for p in store.path.parent.iterdir()] == [store.path.name]
    assert json.loads(store.path.read_text())["history"] == ["one", "two"]
