"""Fixtures shared by the functional tests: a small email library, the real router."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiwi_term.config import Config
from kiwi_term.primitives import Kiwi
from predictors.router.registry import make_router
from tests.functional.orchestrator_support import (
    FaultServer,
    build_orchestrator,
    run_llama_server,
)

DEV_PROJECT = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev" / "project"
"""The dev library (the `dev_project` fixture gives each test its own copy)."""


@pytest.fixture
def library(project: Path, put: Callable[[Path, str], Path]) -> Path:
    """A project with one script and one knowledge entry about email."""
    put(project / ".ai/scripts/email_validator.py", '''\
        """Validate the email addresses in a CSV file.

        Tags: email, validation
        """
        print("ok")
        ''')
    put(project / ".ai/knowledge/email_rules.md", """\
        ---
        title: Email rules of the sales team
        tags: [email, sales]
        ---
        Role addresses such as info@ are rejected.
        """)
    return project


@pytest.fixture(scope="module")
def router(router_model_file: Path | None, tmp_path_factory: pytest.TempPathFactory):
    """The real keystroke router on the dev library, started once per test module."""
    if router_model_file is None or not router_model_file.is_file():
        pytest.skip("the router model package is not installed")
    if not DEV_PROJECT.is_dir():
        pytest.skip("the dev library is missing")
    home = tmp_path_factory.mktemp("router-home")
    # Defaults, not the machine's config: a module fixture runs outside the per-test folders.
    kiwi = Kiwi(DEV_PROJECT, Config(), user_home=home / ".ai")
    # One llama.cpp thread: with two on a two-core machine that is busy elsewhere, each
    # keystroke waited for both threads to be scheduled together (measured 25 s against 0.8 s).
    shared = make_router("gguf", kiwi, model=router_model_file, threads=1)
    shared.start()
    yield shared
    shared.close()


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory):
    """Base URL (…/v1) of a llama.cpp server running SmolLM2-135M, for the whole session."""
    yield from run_llama_server(tmp_path_factory)


@pytest.fixture
def orchestrator(llama_server: str, kiwi_env: dict[str, Path], dev_project: Path):
    """The real orchestrator for the dev project, configured (as a user would) to talk to the
    llama.cpp server; short text replies keep the terminal tests quick."""
    return build_orchestrator(kiwi_env, dev_project, llama_server, {"max_tokens": 12},
                              tool_choice="none")


@pytest.fixture
def fault_server() -> Iterator[Callable[..., FaultServer]]:
    """`fault_server(handler)`: a FaultServer on 127.0.0.1, closed after the test."""
    started: list[FaultServer] = []

    def start(handler: Callable[[socket.socket, bytes, FaultServer], None]) -> FaultServer:
        server = FaultServer(handler)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()
