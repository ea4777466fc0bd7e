"""`kiwi auth set|status|delete`: orchestrator providers' API keys, kept out of config and logs."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from kiwi_term.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    add_command,
    note,
    print_json,
    project_dir,
    wants_json,
)
from kiwi_term.errors import KiwiError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `kiwi auth`."""
    parser = add_command(
        subparsers,
        "auth",
        handle,
        summary="store, check or delete orchestrator API keys",
        description="Keep the API key of an orchestrator provider (a [providers.NAME] table of "
        "config.toml) in the OS keyring. The key is read without echo (or from standard input "
        "when it is not a terminal) and never written to config files or logs. On a machine "
        "without an OS keyring (a headless Linux box) keys go to a passphrase-encrypted file "
        "instead, and Kiwi says so; KIWI_KEYRING_PASSPHRASE supplies the passphrase without a "
        "prompt.\n\nA provider's `api_key_env` variable, when set, is used before the stored "
        "key.",
        examples=[
            "kiwi auth set openai",
            "printf '%s\\n' \"$KEY\" | kiwi auth set local",
            "kiwi auth status",
            "kiwi auth delete openai",
        ],
    )
    parser.add_argument("action", choices=("set", "status", "delete"), help="what to do")
    parser.add_argument("provider", nargs="?", help="provider name (for set and delete)")


def handle(args: argparse.Namespace) -> int:
    """Run one auth action."""
    from kiwi_term.orchestrator import keys

    if args.action == "status":
        return status(args)
    if not args.provider:
        raise KiwiError(f"`kiwi auth {args.action}` needs a PROVIDER name")
    keys.check_provider_name(args.provider)
    if args.action == "delete":
        if keys.delete_key(args.provider):
            print(f"deleted the key of {args.provider}")
            return EXIT_OK
        print(f"no stored key for {args.provider}")
        return EXIT_BAD_INPUT
    store = keys.key_store()
    if store.notice:
        note(store.notice)
    if args.provider not in _providers(args):
        note(f"no [providers.{args.provider}] table in the config yet; the key is stored anyway")
    key = _read_key(args.provider)
    store = keys.set_key(args.provider, key, interactive=sys.stdin.isatty())
    print(f"stored the key of {args.provider} in {store.description}")
    return EXIT_OK


def _read_key(provider: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(f"API key for {provider} (not shown): ")
    # Piped in: one line, so `printf '%s\n' "$KEY" | kiwi auth set NAME` works in scripts.
    return sys.stdin.readline().strip()


def _providers(args: argparse.Namespace) -> dict[str, Any]:
    from kiwi_term.config import Config

    return dict(Config.load(project_dir(args)).section("providers"))


def status(args: argparse.Namespace) -> int:
    """Print which providers have a key and where it comes from, never the key."""
    from kiwi_term.config import Config
    from kiwi_term.orchestrator import keys

    config = Config.load(project_dir(args))
    providers = dict(config.section("providers"))
    default = str(config.section("orchestrator").get("default", "") or "")
    store = keys.key_store()
    stored = keys.stored_providers(list(providers))
    rows: list[dict[str, Any]] = []
    for name in dict.fromkeys([*providers, *stored]):
        table = providers.get(name) if isinstance(providers.get(name), dict) else {}
        env_name = str(table.get("api_key_env", "")) if table else ""
        if env_name and os.environ.get(env_name):
            source = f"environment variable {env_name}"
        elif stored.get(name):
            source = store.description
        else:
            source = ""
        rows.append({
            "provider": name,
            "configured": name in providers,
            "default": name == default,
            "has_key": bool(source),
            "source": source,
        })
    if wants_json(args):
        print_json({"store": store.description, "notice": store.notice, "providers": rows})
        return EXIT_OK
    print(f"keys are kept in {store.description}")
    if store.notice:
        print(f"note: {store.notice}")
    if not rows:
        print("no providers configured and no keys stored")
        return EXIT_OK
    width = max(len(str(r["provider"])) for r in rows)
    for row in rows:
        mark = " (default)" if row["default"] else ""
        where = f"key from {row['source']}" if row["has_key"] else "no key"
        if not row["configured"]:
            where += "; not in the config"
        print(f"  {row['provider']:<{width}}  {where}{mark}")
    return EXIT_OK
