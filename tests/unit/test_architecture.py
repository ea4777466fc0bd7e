"""The engine is reachable without the TUI: no engine module imports textual or the UI."""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
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


def test_no_module_imports_one_that_imports_it_back() -> None:
    """No import circles anywhere, counting imports made inside functions and for type checking:
    a circle is one module split in two files."""
    graph = grimp.build_graph("kiwi_term", "predictors", "context_cache",
                              exclude_type_checking_imports=False)
    circles = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back is not None:
                circles.add((module, *back))
    assert sorted(circles) == []


def test_the_ui_starts_no_threads_or_queues_of_its_own() -> None:
    """The UI's blocking work runs in Textual's workers; the router's thread is the engine's
    routing loop."""
    for path in (ROOT / "kiwi_term" / "ui").glob("*.py"):
        source = path.read_text()
        for made in ("Thread(", "queue.", "Queue(", "Condition(", "ThreadPoolExecutor"):
            assert made not in source, f"{path.name} makes its own {made.rstrip('(.')}"
