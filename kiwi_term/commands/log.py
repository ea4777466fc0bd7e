"""`kiwi log stats|export|purge`: what the local interaction log says, exports and forgets."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiwi_term.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_OK,
    add_command,
    note,
    print_json,
    project_dir,
    wants_json,
)

EXPORT_FORMATS = ("functiongemma", "chat", "eval")
"""Kept here as well so `kiwi --help` does not import the export code."""


def scope_options() -> argparse.ArgumentParser:
    """`--project DIR` and `--json` for the log's actions, where no project means all of them."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--project", metavar="DIR", default=argparse.SUPPRESS,
                        help="only the records of this project (default: every project)")
    parent.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print JSON, not text")
    return parent


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `kiwi log` and its actions."""
    parser = add_command(
        subparsers, "log", handle_missing_action,
        summary="statistics, exports and purging of the local interaction log",
        description="Kiwi records locally what the router predicted and what you did with it, "
        "to measure and tune the router on your own habits. Nothing leaves this machine and no "
        "secret is recorded; `log = false` in config.toml turns recording off.\n\n"
        "--project DIR limits an action to the records of one project; without it, every "
        "project counts.",
        examples=[
            "kiwi log stats",
            "kiwi log stats --project ~/work/leads --json",
            "kiwi log export --format eval -o my-cases.jsonl",
            "kiwi log export --format functiongemma -o train.jsonl",
            "kiwi log purge --project ~/work/leads --yes",
        ],
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION")
    stats = actions.add_parser(
        "stats", parents=[scope_options()], help="acceptance, precision, latency, cache, usage",
        description="Acceptance rate of predictions, precision of Enter auto-runs, latency per "
        "keystroke (p50/p95), warm-cache hit rate, the most used items, and the orchestrator's "
        "share and latency.",
    )
    stats.set_defaults(handler=handle_stats)
    export = actions.add_parser(
        "export", parents=[scope_options()], help="evaluation cases or training data (JSONL)",
        description="eval: cases for `kiwi eval` from your decisions. functiongemma: "
        "FunctionGemma training examples (developer turn declaring the primitives, your text, "
        "the call in function-call tokens) from predictions you ran and orchestrator calls that "
        "succeeded. chat: OpenAI chat fine-tuning lines of orchestrator turns.",
    )
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS, dest="export_format")
    export.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                        help="file to write (replaced atomically; default: stdout)")
    export.set_defaults(handler=handle_export)
    purge = actions.add_parser(
        "purge", parents=[scope_options()], help="delete recorded interactions",
        description="Delete the recorded interactions of one project (--project) or all of "
        "them, and wipe them from the database file. Asks first unless --yes; exit code 1 when "
        "you answer no.",
    )
    purge.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    purge.set_defaults(handler=handle_purge)


def handle_missing_action(args: argparse.Namespace) -> int:
    """`kiwi log` with no action."""
    print("kiwi: error: kiwi log needs an action: stats, export or purge "
          "(see kiwi log --help)", file=sys.stderr)
    return EXIT_BAD_INPUT


def scope(args: argparse.Namespace) -> str | None:
    """The project whose records an action concerns: `--project` only, else None (all).

    The nearest project of the current folder is not assumed: statistics of every project are
    the better default, and a purge must never guess.
    """
    if not getattr(args, "project", None):
        return None
    folder = project_dir(args)
    return str(folder) if folder is not None else None


def handle_stats(args: argparse.Namespace) -> int:
    """Print the statistics."""
    from kiwi_term.interactions import history, stats

    result = stats.compute(history.load(project=scope(args)))
    if wants_json(args):
        print_json(result)
    else:
        print(stats.render(result))
    return EXIT_OK


def handle_export(args: argparse.Namespace) -> int:
    """Write the chosen export."""
    from kiwi_term.interactions import export, history

    rows = export.records(history.load(project=scope(args)), args.export_format)
    export.write_output(export.to_jsonl(rows), args.output)
    where = args.output if args.output is not None else "stdout"
    note(f"{len(rows)} {args.export_format} record(s) written to {where}")
    return EXIT_OK


def handle_purge(args: argparse.Namespace) -> int:
    """Ask, then delete, then say how many rows went."""
    from kiwi_term.interactions import history

    project = scope(args)
    target = f"project {project}" if project is not None else "all projects"
    before = history.count(project=project)
    total = sum(before.values())
    if total == 0:
        return _report_purge(args, {}, 0, f"no recorded interactions of {target}")
    if not args.yes and not _confirm(f"delete {total} recorded interaction row(s) of {target}?"):
        note("nothing removed")
        return EXIT_FAILED
    removed = history.purge(project=project)
    count = sum(removed.values())
    return _report_purge(args, removed, count, f"removed {count} row(s) of {target}")


def _report_purge(args: argparse.Namespace, removed: dict[str, int], count: int,
                  message: str) -> int:
    if wants_json(args):
        print_json({"removed": count, "tables": removed})
    else:
        print(message)
    return EXIT_OK


def _confirm(question: str) -> bool:
    """Ask on stderr, read one line of stdin; anything but y/yes (or end of input) is no."""
    print(f"kiwi: {question} [y/N] ", end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")
