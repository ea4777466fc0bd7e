"""Fixtures for every test: no test reads or writes the real home, config, data or cache."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

KIWI_FOLDERS = {
    "KIWI_HOME": "home/.ai",
    "KIWI_CONFIG_DIR": "config",
    "KIWI_DATA_DIR": "data",
    "KIWI_CACHE_DIR": "cache",
}


@pytest.fixture(autouse=True)
def kiwi_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point the user library, config, data and cache folders at a fresh temporary folder.

    Subprocesses inherit the variables, so a `kiwi` started by a test is confined too.
    """
    base = tmp_path_factory.mktemp("kiwi-env")
    paths = {name: base / sub for name, sub in KIWI_FOLDERS.items()}
    for name, path in paths.items():
        monkeypatch.setenv(name, str(path))
    return paths


def write(path: Path, text: str) -> Path:
    """Write dedented `text` to `path`, making its folders; return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def put() -> Callable[[Path, str], Path]:
    """`put(path, text)`: write a library file (dedented) and return its path."""
    return write


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project folder holding `.ai/`."""
    folder = tmp_path / "project"
    (folder / ".ai").mkdir(parents=True)
    # Resolved, so paths the library reports (always resolved) compare equal in assertions.
    return folder.resolve()


@pytest.fixture
def user_home(kiwi_env: dict[str, Path]) -> Path:
    """The user-space library folder (`$KIWI_HOME`), created."""
    home = kiwi_env["KIWI_HOME"]
    home.mkdir(parents=True, exist_ok=True)
    return home


REPO = Path(__file__).resolve().parents[1]
"""The checkout, put on PYTHONPATH of `kiwi` subprocesses so they work before `pip install`."""

KIWI_ARGV = [sys.executable, "-m", "kiwi_term.cli"]
"""How tests start the `kiwi` command: the module, so no installed entry point is needed."""


def cli_env() -> dict[str, str]:
    """The environment for a `kiwi` subprocess: this one (with the KIWI_* folders of the test)
    plus the checkout on PYTHONPATH."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


@pytest.fixture
def kiwi_command() -> tuple[list[str], dict[str, str]]:
    """(argv, env) that start `kiwi` as a subprocess, for tests that launch it themselves."""
    return list(KIWI_ARGV), cli_env()


@pytest.fixture
def run_kiwi() -> Callable[..., subprocess.CompletedProcess[str]]:
    """`run_kiwi(*args, cwd=None, stdin=None)`: run `kiwi` in a subprocess and return the result."""

    def run(*args: str, cwd: Path | None = None, stdin: str | None = None, timeout: float = 120):
        return subprocess.run(
            [*KIWI_ARGV, *map(str, args)],
            cwd=cwd,
            env=cli_env(),
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
        )

    return run
