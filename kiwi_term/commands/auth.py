"""`kiwi auth set|bind|status|delete`: orchestrator providers' API keys, kept out of config and
logs, each bound to the base URL it was stored for."""

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
        "prompt.\n\nA stored key is bound to the provider's base_url as configured when it is "
        "stored (or to --base-url) and is never sent to another server: if a config moves the "
        "provider, store its key again. `bind` binds a key stored before Kiwi recorded URLs to "
        "the provider's base_url, after showing it.\n\nA provider's `api_key_env` variable, "
        "when set, is used before the stored key.",
        examples=[
            "kiwi auth set openai",
            "printf '%s\\n' \"$KEY\" | kiwi auth set local",
            "kiwi auth set custom --base-url http://127.0.0.1:8080/v1",
            "kiwi auth bind openai",
            "kiwi auth status",
            "kiwi auth delete openai",
        ],
    )
    parser.add_argument("action", choices=("set", "bind", "status", "delete"),
                        help="what to do")
    parser.add_argument("provider", nargs="?", help="provider name (for set, bind and delete)")
    parser.add_argument("--base-url", metavar="URL", default=None,
                        help="the server the key may be sent to (default: the provider's "
                        "base_url in the config)")


def handle(args: argparse.Namespace) -> int:
    """Run one auth action."""
    from kiwi_term.orchestrator import credentials

    if args.action == "status":
        return status(args)
    if not args.provider:
        raise KiwiError(f"`kiwi auth {args.action}` needs a PROVIDER name")
    credentials.check_provider_name(args.provider)
    if args.action == "delete":
        if credentials.delete_key(args.provider):
            print(f"deleted the key of {args.provider}")
            return EXIT_OK
        print(f"no stored key for {args.provider}")
        return EXIT_BAD_INPUT
    base_url = _base_url(args)
    if args.action == "bind":
        if sys.stdin.isatty() and input(
                f"Send the stored key of {args.provider} to {base_url}? [y/N] ").strip().lower() \
                not in ("y", "yes"):
            print("nothing changed")
            return EXIT_BAD_INPUT
        store = credentials.bind_key(args.provider, base_url, interactive=sys.stdin.isatty())
        print(f"bound the stored key of {args.provider} to {base_url}: it is sent to no other "
              "server")
        return EXIT_OK
    store = credentials.key_store()
    if store.notice:
        note(store.notice)
    note(f"the key of {args.provider} will be sent to {base_url} and to no other server")
    key = _read_key(args.provider)
    store = credentials.set_key(args.provider, key, base_url=base_url,
                                interactive=sys.stdin.isatty())
    print(f"stored the key of {args.provider} for {base_url} in {store.description}")
    return EXIT_OK


def _base_url(args: argparse.Namespace) -> str:
    """The URL the key is bound to: --base-url, else the provider's configured base_url."""
    from kiwi_term.orchestrator.config import check_url

    if args.base_url:
        check_url(args.base_url, "--base-url")
        return str(args.base_url).rstrip("/")
    table = _providers(args).get(args.provider)
    url = str(table.get("base_url", "")).strip() if isinstance(table, dict) else ""
    if not url:
        raise KiwiError(
            f"no base_url for provider {args.provider!r}: a key is bound to the server it is "
            f"stored for, so add a [providers.{args.provider}] table with base_url to the config "
            "first, or pass --base-url URL")
    check_url(url, f"[providers.{args.provider}] base_url")
    return url.rstrip("/")


def _read_key(provider: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(f"API key for {provider} (not shown): ")
    # Piped in: one line, so `printf '%s\n' "$KEY" | kiwi auth set NAME` works in scripts.
    return sys.stdin.readline().strip()


def _providers(args: argparse.Namespace) -> dict[str, Any]:
    from kiwi_term.config import Config

    return dict(Config.load(project_dir(args)).section("providers"))


def _bound_to(provider: str) -> str | None:
    """The URL a stored key is bound to ("" for none yet), or None when the store is locked."""
    from kiwi_term.orchestrator import credentials

    try:
        found = credentials.stored_key(provider)
    except KiwiError:
        return None
    return found.base_url if found is not None else None


def status(args: argparse.Namespace) -> int:
    """Print which providers have a key and where it comes from, never the key."""
    from kiwi_term.config import Config
    from kiwi_term.orchestrator import credentials

    config = Config.load(project_dir(args))
    providers = dict(config.section("providers"))
    default = str(config.section("orchestrator").get("default", "") or "")
    store = credentials.key_store()
    stored = credentials.stored_providers(list(providers))
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
            "bound_to": _bound_to(name) if stored.get(name) else None,
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
        if row["bound_to"] is not None:
            where += f"; stored for {row['bound_to'] or 'no server yet: kiwi auth bind'}"
        if not row["configured"]:
            where += "; not in the config"
        print(f"  {row['provider']:<{width}}  {where}{mark}")
    return EXIT_OK
