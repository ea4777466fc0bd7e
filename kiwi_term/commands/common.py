"""What every `kiwi` subcommand shares: options, opening the library, output and progress."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiwi_term.errors import KiwiError

if TYPE_CHECKING:
    from kiwi_term.primitives import Kiwi

Handler = Callable[[argparse.Namespace], int]
"""Runs one command; returns the exit code (0 done, 1 the run failed, 2 bad input)."""

EXIT_OK = 0
EXIT_FAILED = 1
"""The request was valid but what it ran failed (a script's non-zero exit, a failed step)."""
EXIT_BAD_INPUT = 2
"""Kiwi refused the request; nothing ran. argparse uses the same code for bad arguments."""


def shared_options() -> argparse.ArgumentParser:
    """Options accepted both before and after the subcommand (`kiwi --json show ...` and
    `kiwi show ... --json`).

    Their defaults are SUPPRESS so that a subparser does not overwrite a value given before the
    subcommand; read them with `wants_json` and `project_dir`.
    """
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--project",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="project folder holding .ai/ (default: the nearest one at or above the current "
        "folder)",
    )
    parent.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print JSON, not text"
    )
    return parent


def add_command(
    subparsers: Any,
    name: str,
    handler: Handler,
    *,
    summary: str,
    description: str,
    examples: list[str],
) -> argparse.ArgumentParser:
    """Add one subcommand with the shared options, a description and worked examples.

    Args:
        subparsers: what `ArgumentParser.add_subparsers()` returned.
        name: the command word, e.g. `search`.
        handler: called with the parsed arguments; returns the exit code.
        summary: one line for `kiwi --help`.
        description: what the command does, for `kiwi NAME --help`.
        examples: command lines shown under "examples".

    Returns:
        The subcommand's parser, to add its own arguments to.
    """
    epilog = "examples:\n" + "\n".join(f"  {line}" for line in examples)
    # The raw formatter keeps the examples' lines as written, so wrap the prose here.
    parts = description.split("\n\n")
    wrapped = "\n\n".join(textwrap.fill(p, 88, break_on_hyphens=False) for p in parts)
    parser = subparsers.add_parser(
        name,
        help=summary,
        description=wrapped,
        epilog=epilog,
        parents=[shared_options()],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=handler)
    return parser


def wants_json(args: argparse.Namespace) -> bool:
    """Whether `--json` was given, before or after the subcommand."""
    return bool(getattr(args, "json", False))


def project_dir(args: argparse.Namespace) -> Path | None:
    """The project folder: `--project`, else the nearest folder holding `.ai/`, else None.

    Raises:
        KiwiError: `--project` names a folder that does not exist.
    """
    from kiwi_term.primitives import find_project

    given = getattr(args, "project", None)
    if not given:
        return find_project(Path.cwd())
    path = Path(given).expanduser()
    if not path.is_dir():
        raise KiwiError(f"--project {given}: no such folder")
    # Accept the .ai folder itself, which is what people often point at.
    if path.name == ".ai" and not (path / ".ai").is_dir():
        path = path.parent
    return path.resolve()


def open_kiwi(args: argparse.Namespace) -> Kiwi:
    """The `Kiwi` object of the chosen project (or the user space alone)."""
    from kiwi_term.primitives import Kiwi

    kiwi = Kiwi(project_dir(args))
    if kiwi.config.trust_note:
        note(kiwi.config.trust_note)
    return kiwi


def print_json(data: Any) -> None:
    """Print one JSON document on stdout."""
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def note(message: str) -> None:
    """A line for the person at the terminal, on stderr so it never mixes with results."""
    print(f"kiwi: {message}", file=sys.stderr, flush=True)


class ProgressLine:
    """Shows "indexing 123/400" on stderr: rewritten in place on a terminal, else a few lines.

    Call it with (done, total); it accepts a dict with those keys as well.
    """

    def __init__(self, label: str = "indexing") -> None:
        self.label = label
        """The word before the counts."""
        self._tty = sys.stderr.isatty()
        self._last = 0.0
        self._shown = False

    def __call__(self, done: Any = 0, total: Any = 0, *_: Any, **__: Any) -> None:
        if isinstance(done, dict):
            done, total = done.get("done", 0), done.get("total", 0)
        done, total = int(done or 0), int(total or 0)
        finished = total > 0 and done >= total
        now = time.monotonic()
        # Rate-limited: a 10,000-item build calls back once per batch, the terminal need not.
        if not finished and now - self._last < (0.1 if self._tty else 2.0):
            return
        self._last = now
        text = f"{self.label} {done}/{total}" if total else f"{self.label} {done}"
        if self._tty:
            end = "\n" if finished else ""
            print(f"\r\x1b[Kkiwi: {text}", end=end, file=sys.stderr, flush=True)
        else:
            print(f"kiwi: {text}", file=sys.stderr, flush=True)
        self._shown = not finished

    def close(self) -> None:
        """End an unfinished in-place line so the next output starts on its own line."""
        if self._tty and self._shown:
            print(file=sys.stderr, flush=True)
            self._shown = False


def shorten(text: str, width: int) -> str:
    """One line of at most `width` characters, with an ellipsis when cut."""
    line = " ".join(str(text).split())
    return line if len(line) <= width else line[: max(width - 1, 0)] + "…"
