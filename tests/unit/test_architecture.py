"""The engine is reachable without the TUI: no engine module imports textual or the UI."""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import context_cache
import kiwi_term
import predictors

ROOT = Path(__file__).resolve().parents[2]


def engine_modules() -> list[str]:
    """Every module of the engine packages; the UI package and the CLI are not engine."""
    found = []
    for package in (kiwi_term, predictors, context_cache):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            name = info.name
            if name.startswith(("kiwi_term.ui", "kiwi_term.cli", "kiwi_term.commands")):
                continue
            found.append(name)
    return found


@pytest.mark.parametrize("module", engine_modules())
def test_engine_module_imports_without_textual(module: str) -> None:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.') "
        "or m.startswith('kiwi_term.ui')]; print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"{module} pulls in {out.stdout.strip()}"


def test_import_linter_contract_holds() -> None:
    lint = shutil.which("lint-imports")
    assert lint is not None, "import-linter is part of the dev extra"
    out = subprocess.run([lint], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
