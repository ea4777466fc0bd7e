"""`kiwi`: the command line. With no subcommand it opens the terminal UI.

The parser is assembled from the modules listed in `kiwi_term.commands.COMMAND_MODULES`; each
registers its own subcommand, so adding one never touches this file.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from kiwi_term.commands import COMMAND_MODULES
from kiwi_term.commands.common import EXIT_BAD_INPUT, EXIT_OK, shared_options
from kiwi_term.errors import KiwiError

DESCRIPTION = """\
Kiwi Terminal: a keyboard-driven terminal that predicts, as you type, which item of your Kiwi
library (directives, scripts, knowledge under .ai/) you mean to use.

Run `kiwi` alone to open the terminal UI, or use a subcommand for scripting."""

EPILOG = """\
examples:
  kiwi search "rename photos by date"
  kiwi show directive organize_photos
  kiwi run script photo_inventory --param folder=~/Pictures
  kiwi --project ~/archive mcp

`kiwi COMMAND --help` explains each command. Exit codes: 0 done, 1 the run failed,
2 the request was refused (nothing ran)."""


def build_parser() -> argparse.ArgumentParser:
    """The `kiwi` parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="kiwi",
        description=DESCRIPTION,
        epilog=EPILOG,
        parents=[shared_options()],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # Options of the terminal UI (`kiwi` with no subcommand); KIWI_ORCHESTRATOR_URL and
    # KIWI_ORCHESTRATOR_MODEL do the same through the orchestrator's own config.
    parser.add_argument("--orchestrator-url", metavar="URL", default=None,
                        help="OpenAI-compatible endpoint the terminal UI hands hard requests to")
    parser.add_argument("--orchestrator-model", metavar="MODEL", default=None,
                        help="model name at --orchestrator-url")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    # `trust` joins here until COMMAND_MODULES lists it (fromkeys drops the duplicate then).
    for name in dict.fromkeys((*COMMAND_MODULES, "trust")):
        module = importlib.import_module(f"kiwi_term.commands.{name}")
        module.register(subparsers)
    return parser


def tui(args: argparse.Namespace) -> int:
    """Open the terminal UI (the hook `kiwi` with no subcommand calls)."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("kiwi: error: the terminal UI needs a terminal; in scripts and pipes use a "
              "subcommand (see `kiwi --help`)", file=sys.stderr)
        return EXIT_BAD_INPUT
    # Imported here: Textual and the models stay out of `kiwi --help` and the subcommands.
    from kiwi_term.ui.startup import run_tui

    return run_tui(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `kiwi`; returns the exit code."""
    # A terminal that cannot show ✓ or … must not turn a finished run into a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            return tui(args)
        return int(handler(args))
    except KiwiError as exc:
        message = " ".join(str(exc).splitlines())
        print(f"kiwi: error: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("kiwi: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `kiwi library | head` closed the pipe early: not an error worth a traceback. Point
        # stdout at devnull so the interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
