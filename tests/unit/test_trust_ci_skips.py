"""In CI a skipped test fails the run: a missing ../shared or model package turns CI red.

The check lives in tests/conftest.py (so `python -m pytest`, the README's command, is what CI
runs); here it is run on a tiny suite of one passing and one skipped test, with and without CI.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CONFTEST = Path(__file__).resolve().parents[1] / "conftest.py"


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    shutil.copy(CONFTEST, tmp_path / "conftest.py")
    (tmp_path / "test_probe.py").write_text(
        "import pytest\n\n"
        "def test_runs():\n    assert True\n\n"
        "def test_needs_something():\n    pytest.skip('the model package is not installed')\n\n"
        "@pytest.mark.xfail(strict=True)\ndef test_known_bug():\n    assert False\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    return tmp_path


def run(suite: Path, ci: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("CI", "KIWI_FAIL_ON_SKIP")}
    if ci is not None:
        env["CI"] = ci
    # The conftest's session fixtures look for the router model; point them at a stand-in.
    env["KIWI_ROUTER_MODEL"] = str(suite / "no-model.gguf")
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           *args, str(suite)], cwd=suite, env=env, capture_output=True,
                          text=True, timeout=120)


def test_a_skip_fails_the_run_in_ci(suite: Path) -> None:
    result = run(suite, "true")
    assert result.returncode == 1, result.stdout
    assert "skipped tests fail the run in CI" in result.stdout
    assert "the model package is not installed" in result.stdout


def test_a_skip_is_only_noted_outside_ci(suite: Path) -> None:
    result = run(suite, None)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout and "1 xfailed" in result.stdout


def test_without_skips_ci_passes(suite: Path) -> None:
    result = run(suite, "true", "-k", "runs or known_bug")
    assert result.returncode == 0, result.stdout
