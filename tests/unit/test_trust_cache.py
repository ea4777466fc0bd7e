"""The response cache keeps no secrets and no one else can read it: scrubbed like the interaction
log, written atomically with mode 0600, and an older file is cleaned when it is read."""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path

import numpy as np
import pytest

from kiwi_term.orchestrator.cache import ResponseCache

OPENAI_KEY = "sk-proj-" + "Q" * 40
ENV_SECRET = "hunter2-is-my-db-secret"


def unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).standard_normal(384).astype(np.float32)
    return vector / np.linalg.norm(vector)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_what_is_stored_is_scrubbed_and_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIWI_TEST_DB_PASSWORD", ENV_SECRET)
    path = tmp_path / "orchestrator" / "responses.json"
    cache = ResponseCache(path, ttl=60)
    question = f"why does my key {OPENAI_KEY} fail?"
    cache.store("p", "m", "", question, f"the server wants {ENV_SECRET}, not the key", unit(1))

    written = path.read_text(encoding="utf-8")
    assert OPENAI_KEY not in written and ENV_SECRET not in written
    assert "[redacted]" in written
    assert mode(path) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["responses.json"], "a temp file was left"
    # What is replayed is what is on disk: memory holds no secret either.
    hit = ResponseCache(path, ttl=60).lookup("p", "m", "", unit(1))
    assert hit is not None
    assert ENV_SECRET not in hit[0].answer and OPENAI_KEY not in hit[0].question
    assert hit[0].answer == "the server wants [redacted], not the key"


def test_a_file_from_an_older_kiwi_is_scrubbed_and_made_private_when_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "responses.json"
    old = {"format": 1, "entries": [{
        "provider": "p", "model": "m", "persona": "", "created": 1e12,
        "question": f"export OPENAI_API_KEY={OPENAI_KEY}", "answer": "done",
        "vector": base64.b64encode(unit(2).tobytes()).decode(),
    }]}
    path.write_text(json.dumps(old), encoding="utf-8")
    path.chmod(0o644)

    cache = ResponseCache(path, ttl=1e13, clock=lambda: 1e12)

    assert len(cache) == 1
    assert OPENAI_KEY not in path.read_text(encoding="utf-8")
    assert mode(path) == 0o600
    hit = cache.lookup("p", "m", "", unit(2))
    assert hit is not None and hit[0].answer == "done"
