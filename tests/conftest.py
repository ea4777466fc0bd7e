"""Fixtures for every test: no test reads or writes the real home, config, data or cache."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

# -- in CI a skipped test fails the run -------------------------------------------------------
# A skip means something the tests need was missing (../shared, a model package, tmux); locally
# that is a note, but in CI (CI=true, as .ci/run is started) it must turn the run red, or a
# missing dependency would pass as a green build that tested nothing.

_SKIPS: list[str] = []


def _strict_skips() -> bool:
    flags = (os.environ.get("CI", ""), os.environ.get("KIWI_FAIL_ON_SKIP", ""))
    return any(flag.strip().lower() in {"1", "true", "yes"} for flag in flags)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # An xfail is reported as skipped too, but it ran: only real skips count.
    if report.skipped and not hasattr(report, "wasxfail"):
        _SKIPS.append(f"{report.nodeid}: {_skip_reason(report)}")


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.skipped:
        _SKIPS.append(f"{report.nodeid}: {_skip_reason(report)}")


def _skip_reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _SKIPS and _strict_skips() and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if _SKIPS and _strict_skips():
        terminalreporter.section("skipped tests fail the run in CI", sep="=", red=True)
        for line in _SKIPS:
            terminalreporter.line(line, red=True)


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


TOPICS = [
    "backup", "invoice", "photo", "video", "email", "calendar", "budget", "recipe", "garden",
    "music", "travel", "fitness", "podcast", "contract", "inventory", "payroll", "weather",
    "server", "database", "newsletter", "translation", "subtitle", "thumbnail", "receipt",
    "mortgage", "vaccine", "telescope", "aquarium", "bicycle", "chess",
]
"""Topics of `write_topic_library`: a script and a directive each, far more than a menu holds."""


def write_topic_library(ai: Path) -> None:
    """Write `{topic}_tool` scripts ("Process {topic} files.") and `{topic}_flow` directives
    ("The {topic} workflow.") for every topic into the `.ai` folder `ai`."""
    for topic in TOPICS:
        write(ai / "scripts" / f"{topic}_tool.py", f'"""Process {topic} files."""\n')
        write(ai / "directives" / f"{topic}_flow.xml", f"""
            <directive name="{topic}_flow"><metadata>
            <description>The {topic} workflow.</description></metadata></directive>""")


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


# -- the router model and the dev library, for the terminal UI's tests ------------------------

SHARED = REPO.parent / "shared"
"""The shared folder beside the checkout (evaluation cases and the dev library)."""

DEV_PROJECT = SHARED / "eval" / "dev" / "project"
"""The dev library the UI tests run against (read-only; tests work on a copy)."""


@pytest.fixture(scope="session")
def router_model_file(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """The router's GGUF, assembled once per test session into a session folder.

    Each test has its own KIWI_CACHE_DIR, so without this every test that starts a router would
    assemble the 250 MB model again. None when the model package is not installed.
    """
    given = os.environ.get("KIWI_ROUTER_MODEL")
    if given:
        return Path(given)
    from kiwi_term.errors import KiwiError
    from predictors.runtime.models import router_model_path

    folder = tmp_path_factory.mktemp("router-model")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KIWI_CACHE_DIR", str(folder))
        try:
            return router_model_path()
        except KiwiError:
            return None


@pytest.fixture(autouse=True)
def router_model_env(router_model_file: Path | None, monkeypatch: pytest.MonkeyPatch):
    """Point KIWI_ROUTER_MODEL at the session's assembled model for every test (and the
    `kiwi` subprocesses it starts). A test that needs another model sets the variable itself."""
    if router_model_file is not None:
        monkeypatch.setenv("KIWI_ROUTER_MODEL", str(router_model_file))
    return router_model_file


@pytest.fixture
def dev_project(tmp_path: Path) -> Path:
    """A fresh copy of the dev library's project folder, named `dev-project`."""
    if not DEV_PROJECT.is_dir():
        pytest.skip(f"the dev library is missing: {DEV_PROJECT}")
    import shutil

    target = tmp_path / "dev-project"
    shutil.copytree(DEV_PROJECT, target)
    # The shared copy is read-only; the tests write outputs and sessions next to it.
    for path in (target, *target.rglob("*")):
        path.chmod(path.stat().st_mode | 0o200)
    return target.resolve()


@pytest.fixture
def ui_config() -> Callable[..., object]:
    """`ui_config(project, auto=None, confirm=None)`: a Config for the terminal UI in tests.

    The cursor does not blink (screens are compared) and thresholds are set here, not hoped for.
    """
    from kiwi_term.config import Config

    def make(project: Path | None, auto: float | None = None, confirm: float | None = None):
        config = Config.load(project)
        config.data["ui"]["cursor_blink"] = False
        # One llama.cpp thread: two on a busy two-core machine wait on each other (25 s against
        # 0.8 s a keystroke, measured with a training job running).
        config.data["router"]["threads"] = 1
        if auto is not None:
            config.data["thresholds"]["auto"] = auto
        if confirm is not None:
            config.data["thresholds"]["confirm"] = confirm
        return config

    return make


@pytest.fixture
def until() -> Callable[..., object]:
    """`await until(pilot, predicate, timeout=..., what=...)`: poll the app until `predicate()`
    holds, pausing the pilot between checks; fail with `what` after `timeout` seconds.

    Waits are bounded but generous: the router shares the CPU with whatever else runs.
    """
    import time

    async def wait(pilot, predicate, timeout: float = 240.0, what: str = "the app"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            await pilot.pause(0.05)
        if not predicate():
            raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}")

    return wait
