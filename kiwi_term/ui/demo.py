"""The bundled demo library: where it is, and how the status bar labels a library that is not
the user's own."""

from __future__ import annotations

from pathlib import Path

from kiwi_term.primitives import Kiwi
from predictors.runtime.models import assets_dir


def demo_folder() -> Path:
    """The bundled demo project (its `.ai/` holds the demo library)."""
    return (assets_dir() / "demo").resolve()


def is_demo(kiwi: Kiwi) -> bool:
    """Whether this Kiwi is the bundled demo library."""
    return kiwi.project is not None and kiwi.project == demo_folder()


def library_note(kiwi: Kiwi) -> str:
    """The label the status bar shows for a library that is not the user's own."""
    if is_demo(kiwi):
        return "demo library, read-only: `kiwi init` starts your own"
    if kiwi.read_only:
        return "read-only"
    return ""
