"""`kiwi tune`: confidence thresholds learned from the user's own interaction log."""

from __future__ import annotations

import argparse

from kiwi_term.commands.common import EXIT_OK, add_command, note, print_json, wants_json


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `kiwi tune`."""
    parser = add_command(
        subparsers, "tune", handle,
        summary="thresholds for Enter auto-runs and confirmations, from your history",
        description="Read the interaction log and recommend the lowest auto-run threshold whose "
        "precision stays >= 0.97 (Enter runs the top prediction at once), and the lowest "
        "confirm threshold at which at least half of the predictions that would ask were "
        "right, with the counts per confidence bucket behind them. Needs at least 20 "
        "decisions at or above the auto threshold, and 10 in the confirm band.\n\n"
        "--apply shows the change and writes [thresholds] to your config.toml, keeping the "
        "rest of the file as it is. --project DIR learns from that project's records only; "
        "without it every project's records count (not only the nearest project's).",
        examples=["kiwi tune", "kiwi tune --apply", "kiwi tune --project ~/work/leads --json"],
    )
    parser.add_argument("--apply", action="store_true",
                        help="write the recommended thresholds to config.toml")


def handle(args: argparse.Namespace) -> int:
    """Recommend, and with --apply write, the thresholds."""
    from kiwi_term.commands.log import scope
    from kiwi_term.config import Config, config_dir
    from kiwi_term.interactions import history, tune

    project = scope(args)
    # The user's own settings: those are what --apply edits.
    config = Config.load(None)
    result = tune.tune(history.load(project=project), config.auto_threshold,
                       config.confirm_threshold)
    changes = result.changes()
    path = config_dir() / "config.toml"
    if args.apply and changes:
        tune.write_thresholds(path, {key: new for key, (_, new) in changes.items()})
    applied = args.apply and bool(changes)
    if wants_json(args):
        print_json({**result.to_dict(), "applied": str(path) if applied else None})
    else:
        print(tune.render(result))
        for key, (old, new) in changes.items():
            print(f"{'set' if applied else 'would set'} thresholds.{key}: {old:.2f} -> {new:.2f}")
        if applied:
            print(f"written to {path}")
        elif args.apply:
            print("nothing to change")
    if project is not None and _project_sets_thresholds(project):
        note(f"{project}/.ai/kiwi.toml sets [thresholds], which wins over config.toml there")
    return EXIT_OK


def _project_sets_thresholds(project: str) -> bool:
    import tomllib
    from pathlib import Path

    try:
        with (Path(project) / ".ai" / "kiwi.toml").open("rb") as handle:
            return "thresholds" in tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return False
