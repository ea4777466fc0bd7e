"""Fixtures shared by the functional tests: a small email library, the real router."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kiwi_term.config import Config
from kiwi_term.primitives import Kiwi
from predictors.router.registry import make_router

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
