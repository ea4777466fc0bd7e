"""Personas: fixed with /persona NAME, otherwise chosen by the meaning of the request."""

from __future__ import annotations

import copy
import socket
from pathlib import Path

import pytest

from kiwi_term.config import DEFAULTS, Config
from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator import OrchestratorRequest, make_orchestrator
from kiwi_term.orchestrator.personas import PersonaChooser, load_personas
from kiwi_term.primitives import Kiwi
from predictors.runtime.embeddings import Embedder, shared_embedder

PERSONAS = {
    "reviewer": {"description": "Reviews scripts and code changes for bugs, risks and style.",
                 "system": "You are a meticulous code reviewer.", "model": "big-coder"},
    "poet": {"description": "Writes poems, haiku and song lyrics.",
             "system": "You answer in verse."},
    "sysadmin": {"description": "Fixes servers, disks, networks and Linux system problems.",
                 "system": "You are a calm Linux administrator."},
}


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    model = shared_embedder()
    model.wait()
    return model


def config(personas: dict, **orchestrator: object) -> Config:
    data = copy.deepcopy(DEFAULTS)
    data["personas"] = personas
    data["orchestrator"].update(orchestrator)
    return Config(data)


def test_personas_are_read_from_the_config() -> None:
    personas = load_personas(config(PERSONAS))
    assert list(personas) == ["reviewer", "poet", "sysadmin"]
    assert personas["reviewer"].model == "big-coder" and personas["poet"].model == ""
    with pytest.raises(KiwiError, match="needs a description"):
        load_personas(config({"x": {"system": "s"}}))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("can you check this script for bugs before I merge it", "reviewer"),
        ("write a short haiku about autumn leaves", "poet"),
        ("my disk is full and the server will not boot", "sysadmin"),
    ],
)
def test_the_best_matching_description_wins(
    embedder: Embedder, text: str, expected: str
) -> None:
    chooser = PersonaChooser(load_personas(config(PERSONAS)), embedder)
    choice = chooser.choose(None, embedder.encode([text])[0])
    assert choice.name == expected and not choice.fixed
    assert choice.similarity is not None and 0 < choice.similarity <= 1


def test_a_fixed_persona_wins_and_an_unknown_one_is_refused(embedder: Embedder) -> None:
    chooser = PersonaChooser(load_personas(config(PERSONAS)), embedder)
    vector = embedder.encode(["write a haiku"])[0]
    assert chooser.choose("sysadmin", vector).name == "sysadmin"
    with pytest.raises(KiwiError, match="no persona named 'bard'"):
        chooser.choose("bard", vector)
    assert PersonaChooser({}, embedder).choose(None, vector).persona is None


def closed_port_config(kiwi_env: dict[str, Path]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = kiwi_env["KIWI_CONFIG_DIR"]
    folder.mkdir(parents=True, exist_ok=True)
    lines = ['[orchestrator]', 'default = "local"', "retries = 0", "knowledge_entries = 0",
             "[providers.local]", f'base_url = "http://127.0.0.1:{port}/v1"', 'model = "small"',
             "response_cache = false"]
    for name, table in PERSONAS.items():
        lines.append(f"[personas.{name}]")
        lines.extend(f'{key} = "{value}"' for key, value in table.items())
    (folder / "config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_turn_says_which_persona_answered_and_uses_its_scaffold_and_model(
    embedder: Embedder, kiwi_env: dict[str, Path]
) -> None:
    closed_port_config(kiwi_env)
    orchestrator = make_orchestrator(Kiwi(None), Config.load(), embedder=embedder)
    events = []
    request = OrchestratorRequest(text="please review my backup script for bugs")
    reply = orchestrator.run(request, events.append)

    assert reply.persona == "reviewer" and reply.model == "big-coder"
    assert events[0].data["persona"] == "reviewer"
    (step,) = [e for e in events if "step" in e.data]
    assert step.data["messages"][0]["content"].startswith("You are a meticulous code reviewer.")
    assert reply.error is not None, "nothing listens on that port"

    fixed = orchestrator.run(OrchestratorRequest(text="please review my backup script",
                                                 persona="poet"), lambda _e: None)
    assert fixed.persona == "poet" and fixed.model == "small"
    unknown = orchestrator.run(OrchestratorRequest(text="hi", persona="bard"), lambda _e: None)
    assert unknown.error is not None and "no persona named 'bard'" in unknown.error
