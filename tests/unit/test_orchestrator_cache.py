"""The response cache: the same question by meaning, within the TTL, is answered from memory."""

from __future__ import annotations

import socket
from pathlib import Path

import numpy as np
import pytest

from kiwi_term.config import Config
from kiwi_term.orchestrator import OrchestratorRequest, make_orchestrator
from kiwi_term.orchestrator.cache import ResponseCache
from kiwi_term.primitives import Kiwi
from predictors.runtime.embeddings import Embedder, shared_embedder

QUESTION = "How do I validate the emails in leads.csv?"
PARAPHRASE = "how can I validate the emails in leads.csv"
"""Cosine 0.998 with QUESTION under all-MiniLM-L6-v2."""
OTHER = "What is the capital of France?"


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    model = shared_embedder()
    model.wait()
    return model


def vector(embedder: Embedder, text: str) -> np.ndarray:
    return embedder.encode([text])[0]


class Clock:
    """A settable time source, so TTL expiry is checked without sleeping."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_paraphrase_hits_and_another_question_misses(
    embedder: Embedder, tmp_path: Path
) -> None:
    cache = ResponseCache(tmp_path / "responses.json", ttl=60, similarity=0.95)
    cache.store("p", "m", "", QUESTION, "use email_validator", vector(embedder, QUESTION))
    hit = cache.lookup("p", "m", "", vector(embedder, PARAPHRASE))
    assert hit is not None and hit[0].answer == "use email_validator" and hit[1] >= 0.95
    assert cache.lookup("p", "m", "", vector(embedder, OTHER)) is None
    # Answers belong to the provider, model and persona that gave them.
    query = vector(embedder, QUESTION)
    assert cache.lookup("other", "m", "", query) is None
    assert cache.lookup("p", "other", "", query) is None
    assert cache.lookup("p", "m", "reviewer", query) is None


def test_answers_expire_after_the_ttl(embedder: Embedder) -> None:
    clock = Clock()
    cache = ResponseCache(None, ttl=60, clock=clock)
    cache.store("p", "m", "", QUESTION, "answer", vector(embedder, QUESTION))
    clock.now += 59
    assert cache.lookup("p", "m", "", vector(embedder, QUESTION)) is not None
    clock.now += 2
    assert cache.lookup("p", "m", "", vector(embedder, QUESTION)) is None


def test_answers_survive_a_restart_in_one_atomically_written_file(
    embedder: Embedder, tmp_path: Path
) -> None:
    path = tmp_path / "cache" / "responses.json"
    ResponseCache(path).store("p", "m", "", QUESTION, "answer", vector(embedder, QUESTION))
    assert sorted(p.name for p in path.parent.iterdir()) == ["responses.json"]
    again = ResponseCache(path)
    assert len(again) == 1
    hit = again.lookup("p", "m", "", vector(embedder, PARAPHRASE))
    assert hit is not None and hit[0].question == QUESTION


def test_a_damaged_file_is_an_empty_cache(tmp_path: Path) -> None:
    path = tmp_path / "responses.json"
    path.write_text("{not json", encoding="utf-8")
    assert len(ResponseCache(path)) == 0


def write_config(kiwi_env: dict[str, Path], response_cache: bool) -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = kiwi_env["KIWI_CONFIG_DIR"]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(
        '[orchestrator]\ndefault = "local"\nretries = 0\nknowledge_entries = 0\n'
        f'[providers.local]\nbase_url = "http://127.0.0.1:{port}/v1"\nmodel = "m"\n'
        f"response_cache = {'true' if response_cache else 'false'}\n", encoding="utf-8")
    return f"http://127.0.0.1:{port}/v1"


def test_a_cached_turn_needs_no_server(
    embedder: Embedder, kiwi_env: dict[str, Path]
) -> None:
    write_config(kiwi_env, response_cache=True)
    orchestrator = make_orchestrator(Kiwi(None), Config.load(), embedder=embedder)
    assert orchestrator.cache is not None
    orchestrator.cache.store("local", "m", "", QUESTION, "Run email_validator on it.",
                             vector(embedder, QUESTION))
    events = []
    reply = orchestrator.run(OrchestratorRequest(text=PARAPHRASE), events.append)

    assert reply.cached and reply.error is None, reply.error
    assert reply.text == "Run email_validator on it."
    assert [e.text for e in events if e.kind == "text"] == [reply.text]
    assert any(e.data.get("cached") for e in events) and events[-1].kind == "done"
    assert orchestrator.state == "ready"
    assert (kiwi_env["KIWI_DATA_DIR"] / "orchestrator" / "responses.json").is_file()


def test_the_cache_can_be_switched_off_per_provider(
    embedder: Embedder, kiwi_env: dict[str, Path]
) -> None:
    write_config(kiwi_env, response_cache=False)
    orchestrator = make_orchestrator(Kiwi(None), Config.load(), embedder=embedder)
    assert orchestrator.cache is None
    reply = orchestrator.run(OrchestratorRequest(text=QUESTION), lambda _e: None)
    assert not reply.cached and reply.error is not None and "refused" in reply.error
