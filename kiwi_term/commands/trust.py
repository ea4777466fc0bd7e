"""`kiwi trust`: let a project's `.ai/kiwi.toml` apply in full, or take that back."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiwi_term.commands.common import (
    EXIT_OK,
    add_command,
    note,
    print_json,
    project_dir,
    wants_json,
)
from kiwi_term.config import (
    SAFE_PROJECT_TABLES,
    TrustStore,
    project_config_path,
    read_toml,
    split_untrusted,
)
from kiwi_term.errors import KiwiError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `kiwi trust`."""
    safe = ", ".join(f"[{name}]" for name in sorted(SAFE_PROJECT_TABLES))
    parser = add_command(
        subparsers,
        "trust",
        handle,
        summary="trust this project's .ai/kiwi.toml (or --revoke, --list)",
        description="A project's .ai/kiwi.toml comes with the folder, from whoever wrote it, so "
        f"until you trust it only its {safe} tables apply. Its other tables, those that could "
        "grant permissions, change how scripts run or send your requests and keys to another "
        "server ([permissions], [execute], [providers], [orchestrator]...), are ignored, and "
        "Kiwi says so.\n\n"
        "`kiwi trust` records the project's folder and a hash of its .ai/kiwi.toml in your own "
        "config folder, the way direnv and mise do. Read the file first: trusting it gives it "
        "the same power as your own config.toml. If the file changes afterwards (a git pull), "
        "it is untrusted again until you run `kiwi trust` once more.",
        examples=[
            "kiwi trust                  # trust ./.ai/kiwi.toml as it is now",
            "kiwi --project ~/code/app trust",
            "kiwi trust --list           # every trusted project, and whether its file changed",
            "kiwi trust --revoke         # untrust this project",
        ],
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--revoke", action="store_true",
                       help="forget this project: its .ai/kiwi.toml is untrusted again")
    group.add_argument("--list", action="store_true",
                       help="list the trusted projects and whether each file is unchanged")


def handle(args: argparse.Namespace) -> int:
    """Trust, revoke or list; exit 2 when there is no project or nothing to trust."""
    store = TrustStore()
    if args.list:
        return _list(store, args)
    project = project_dir(args)
    if project is None:
        raise KiwiError("no project here (no .ai/ folder at or above this folder); "
                        "use --project DIR")
    if args.revoke:
        removed = store.revoke(project)
        if wants_json(args):
            print_json({"project": str(project), "revoked": removed})
        elif removed:
            print(f"untrusted {project_config_path(project)}; only its safe settings apply now")
        else:
            print(f"{project} was not trusted; nothing to do")
        return EXIT_OK
    return _trust(store, project, args)


def _trust(store: TrustStore, project: Path, args: argparse.Namespace) -> int:
    record = store.trust(project)
    path = project_config_path(project)
    _, now_applied = split_untrusted(read_toml(path))
    if wants_json(args):
        print_json({"project": record.project, "file": str(path), "digest": record.digest,
                    "trusted_at": record.trusted_at, "now_applied": list(now_applied)})
        return EXIT_OK
    print(f"trusted {path} ({record.digest[:19]}…)")
    if now_applied:
        print("now applied as well: " + ", ".join(f"[{name}]" for name in now_applied))
    note("if the file changes, it is untrusted again until you run `kiwi trust` once more")
    return EXIT_OK


def _list(store: TrustStore, args: argparse.Namespace) -> int:
    records = sorted(store.records().values(), key=lambda r: r.project)
    rows = [{"project": r.project, "status": r.status(), "trusted_at": r.trusted_at,
             "digest": r.digest} for r in records]
    if wants_json(args):
        print_json({"file": str(store.path), "projects": rows})
        return EXIT_OK
    if not rows:
        print("no project is trusted (run `kiwi trust` in one)")
        return EXIT_OK
    marks = {"trusted": "trusted", "changed": "CHANGED since trusted: untrusted until "
             "`kiwi trust` again", "missing": "no .ai/kiwi.toml any more"}
    for row in rows:
        print(f"{row['project']}  {marks[row['status']]}  (since {row['trusted_at']})")
    return EXIT_OK
