"""`kiwi init [DIR]`: start a library by copying the demo library into DIR/.ai."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import kiwi_term
from kiwi_term.commands.common import EXIT_OK, add_command, print_json, wants_json
from kiwi_term.errors import KiwiError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `kiwi init`."""
    parser = add_command(
        subparsers,
        "init",
        handle,
        summary="copy the demo library into a project's .ai/",
        description="Copy the demo library (a small photo-archive workflow that shows every "
        "feature of the format: directives, scripts, knowledge) into DIR/.ai. Files that already "
        "exist are never overwritten; the command lists what it wrote and what it kept.",
        examples=["kiwi init", "kiwi init ~/archive", "kiwi init . --json"],
    )
    parser.add_argument(
        "dir", nargs="?", metavar="DIR",
        help="project folder (default: --project, else the current folder)",
    )


def demo_library() -> Path:
    """The bundled demo `.ai/` folder: inside the installed package, or in a source checkout.

    Raises:
        KiwiError: neither location holds it (a broken install).
    """
    package = Path(kiwi_term.__file__).resolve().parent
    # A wheel carries assets/ inside the package; a source checkout has it next to the package.
    for base in (package, package.parent):
        candidate = base / "assets" / "demo" / ".ai"
        if candidate.is_dir():
            return candidate
    raise KiwiError(f"the demo library is missing from this install (looked in {package})")


def handle(args: argparse.Namespace) -> int:
    """Copy every demo file that does not exist yet."""
    folder = Path(args.dir or getattr(args, "project", None) or ".").expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise KiwiError(f"{folder} is not a folder")
    source = demo_library()
    target = folder / ".ai"
    written, kept = [], []
    for path in sorted(source.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        destination = target / path.relative_to(source)
        if destination.exists():
            kept.append(destination)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        written.append(destination)
    if wants_json(args):
        print_json({"library": str(target), "written": [str(p) for p in written],
                    "kept": [str(p) for p in kept]})
        return EXIT_OK
    for path in written:
        print(f"wrote {path.relative_to(folder)}")
    for path in kept:
        print(f"kept  {path.relative_to(folder)} (exists; not overwritten)")
    if written:
        print(f"\nthe demo library is in {target}; try: kiwi --project {folder} library")
    else:
        print(f"\nnothing to write: {target} already holds every demo file")
    return EXIT_OK
