"""API keys of orchestrator providers: the OS keyring, or a passphrase-encrypted file without one.

A key comes from the environment variable a provider names (`api_key_env`), else from the store
that `kiwi auth set PROVIDER` wrote. The store is the OS keyring (macOS Keychain, Windows
Credential Locker, Secret Service or KWallet) through `keyring`. A headless Linux box has none:
there `keyring.get_keyring()` falls to keyrings.alt's `PlaintextKeyring` (a readable file) or to
the fail backend, and Kiwi uses its own passphrase-encrypted file instead (`key_file.py`) and says
so.

A stored key is bound to the base URL it was stored for, recorded with it (sealed with it in the
encrypted file): it is never sent to another server, whatever a config says later. A key stored
before Kiwi recorded URLs is sent nowhere until the user binds it (`kiwi auth bind PROVIDER`,
which shows the URL) or stores it again.

The passphrase comes from `unlock()`, else `KIWI_KEYRING_PASSPHRASE`, else a prompt when a
terminal is attached. Keys are never written anywhere else, and never logged.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from kiwi_term.config import data_dir
from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator.key_file import (
    CHECK_ENTRY,
    FILE_NAME,
    SERVICE,
    EncryptedFileKeyring,
    KeyLocked,
)

PASSPHRASE_ENV = "KIWI_KEYRING_PASSPHRASE"
"""Environment variable that unlocks the encrypted key file without a prompt (CI, scripts)."""


@dataclass(frozen=True)
class KeyStore:
    """Where `kiwi auth set` keeps keys on this machine."""

    kind: str
    """"os" (the OS keyring) or "file" (Kiwi's encrypted file)."""
    backend: KeyringBackend
    """The keyring backend object."""
    description: str
    """What it is, in words, for `kiwi auth status`."""
    notice: str = ""
    """Why the encrypted file is used instead of the OS keyring ("" for the OS keyring)."""


_lock = threading.Lock()
_unlocked: dict[str, str] = {}
"""File path -> passphrase given to `unlock()` in this process (never written anywhere)."""


def key_file() -> Path:
    """The encrypted key file used when there is no OS keyring."""
    return data_dir() / FILE_NAME


def os_keyring() -> KeyringBackend | None:
    """The OS keyring backend that `keyring` chose, or None when it offers none.

    keyrings.alt's file backends (plaintext on disk) and keyring's fail/null backends do not count:
    they are what `keyring.get_keyring()` returns on a box with no keyring service.
    """
    chosen = keyring.get_keyring()
    backends = getattr(chosen, "backends", None)
    candidates = list(backends) if backends is not None else [chosen]
    for backend in candidates:
        module = type(backend).__module__
        if module.startswith("keyring.backends.") and not module.startswith(
            ("keyring.backends.fail", "keyring.backends.null", "keyring.backends.chainer")
        ):
            return chosen
    return None


def key_store() -> KeyStore:
    """The OS keyring when there is one, else Kiwi's encrypted key file (with a notice why)."""
    backend = os_keyring()
    if backend is not None:
        return KeyStore("os", backend, f"the OS keyring ({_backend_name(backend)})")
    offered = _backend_name(keyring.get_keyring())
    path = key_file()
    with _lock:
        passphrase = _unlocked.get(str(path)) or os.environ.get(PASSPHRASE_ENV) or None
    return KeyStore(
        "file",
        EncryptedFileKeyring(path, passphrase),
        f"Kiwi's passphrase-encrypted key file {path}",
        notice=f"no OS keyring is available here (keyring offers only {offered}), so keys are "
        f"kept in a passphrase-encrypted file instead: {path}",
    )


def _backend_name(backend: KeyringBackend) -> str:
    names = [type(b).__name__ for b in getattr(backend, "backends", [])]
    return " + ".join(names) if names else type(backend).__name__


def unlock(passphrase: str) -> None:
    """Remember the encrypted file's passphrase for this process (the TUI asks for it once).

    Raises:
        KiwiError: the passphrase does not open the file.
    """
    store = EncryptedFileKeyring(key_file(), passphrase)
    if store.has_entries():
        store.check_passphrase()
    with _lock:
        _unlocked[str(key_file())] = passphrase


def _prompt_passphrase(store: EncryptedFileKeyring, new: bool) -> None:
    if store.passphrase:
        return
    if not sys.stdin.isatty():
        raise KeyLocked(
            f"the API keys are in the encrypted file {store.file_path}; set {PASSPHRASE_ENV} "
            "or run this in a terminal to type the passphrase"
        )
    if new:
        first = getpass.getpass("New passphrase for Kiwi's key file: ")
        if not first.strip():
            raise KiwiError("the passphrase may not be empty")
        if getpass.getpass("Repeat the passphrase: ") != first:
            raise KiwiError("the two passphrases differ; nothing was stored")
        store.passphrase = first
    else:
        store.passphrase = getpass.getpass("Passphrase of Kiwi's key file: ")


ENVELOPE = "kiwi-key"
"""Marks a stored entry as {"kiwi-key": 2, "key": ..., "base_url": ...}; a bare key is an entry
from before keys were bound to a URL."""


class KeyNotForThisServer(KiwiError):
    """A key is stored for the provider, but not for the URL it would be sent to."""


@dataclass(frozen=True)
class StoredKey:
    """A provider's entry in the store."""

    key: str
    base_url: str
    """The URL the key was stored for; "" for a key stored before URLs were recorded."""


def same_server(first: str, second: str) -> bool:
    """Whether two base URLs name the same endpoint: scheme, host, port and path, compared the
    way a server sees them (case of scheme and host, default ports, a trailing slash aside)."""

    def parts(url: str) -> tuple[str, str, int | None, str, str]:
        split = urlsplit(url.strip())
        try:
            port = split.port or {"http": 80, "https": 443}.get(split.scheme.lower())
        except ValueError:
            port = -1
        return (split.scheme.lower(), (split.hostname or "").lower(), port,
                split.path.rstrip("/"), split.query)

    return bool(first.strip()) and parts(first) == parts(second)


def _seal(key: str, base_url: str) -> str:
    return json.dumps({ENVELOPE: 2, "key": key, "base_url": base_url})


def _open(stored: str) -> StoredKey:
    try:
        data = json.loads(stored)
    except ValueError:
        data = None
    if isinstance(data, dict) and data.get(ENVELOPE) == 2:
        return StoredKey(str(data.get("key", "")), str(data.get("base_url", "")))
    return StoredKey(stored, "")


def set_key(provider: str, key: str, *, base_url: str, interactive: bool = False) -> KeyStore:
    """Store a provider's key, bound to `base_url`; returns the store used.

    Raises:
        KiwiError: empty key, provider name or URL, locked or wrong passphrase, keyring failure.
    """
    check_provider_name(provider)
    if not key.strip():
        raise KiwiError("the API key is empty; nothing was stored")
    if not urlsplit(base_url).hostname:
        raise KiwiError(f"{base_url!r} is not a URL to bind the key of {provider!r} to")
    store = key_store()
    try:
        if isinstance(store.backend, EncryptedFileKeyring):
            if interactive:
                _prompt_passphrase(store.backend, new=not store.backend.has_entries())
            elif not store.backend.passphrase:
                raise KeyLocked(
                    f"no OS keyring here, and Kiwi's encrypted key file {store.backend.file_path} "
                    f"needs a passphrase: set {PASSPHRASE_ENV} or run this in a terminal"
                )
            store.backend.check_passphrase()
        store.backend.set_password(SERVICE, provider, _seal(key.strip(), base_url.strip()))
    except keyring.errors.KeyringError as exc:
        raise KiwiError(f"{store.description} refused the key: {exc}") from None
    return store


def stored_key(provider: str, *, interactive: bool = False) -> StoredKey | None:
    """A provider's entry (key and the URL it is bound to), or None when there is none.

    Raises:
        KeyLocked: the key is in the encrypted file and no passphrase is known.
        KiwiError: wrong passphrase, or the keyring failed.
    """
    store = key_store()
    backend = store.backend
    typed = False
    try:
        if isinstance(backend, EncryptedFileKeyring):
            if provider not in backend.names(SERVICE):
                return None
            typed = interactive and not backend.passphrase
            if interactive:
                _prompt_passphrase(backend, new=False)
            if not backend.passphrase:
                raise KeyLocked(
                    f"the API key of {provider!r} is in Kiwi's encrypted key file; unlock it "
                    f"(set {PASSPHRASE_ENV}, or type the passphrase when asked)"
                )
        found = backend.get_password(SERVICE, provider)
    except keyring.errors.KeyringError as exc:
        raise KiwiError(f"{store.description} could not be read: {exc}") from None
    if typed and isinstance(backend, EncryptedFileKeyring) and backend.passphrase:
        # The typed passphrase opened the file: `bind_key` writes next and must not ask again.
        with _lock:
            _unlocked[backend.file_path] = backend.passphrase
    return None if found is None else _open(found)


def get_key(provider: str, base_url: str, *, interactive: bool = False) -> str | None:
    """The stored key of a provider, for sending to `base_url`; None when none is stored.

    Raises:
        KeyNotForThisServer: the key was stored for another URL, or before URLs were recorded;
            the message says which and how to store or bind it.
        KeyLocked: the key is in the encrypted file and no passphrase is known.
        KiwiError: wrong passphrase, or the keyring failed.
    """
    found = stored_key(provider, interactive=interactive)
    if found is None:
        return None
    if not found.base_url:
        raise KeyNotForThisServer(
            f"the stored key of {provider!r} was stored before Kiwi bound keys to a server, so "
            f"it is not sent until you say where it may go: `kiwi auth bind {provider}` binds "
            f"it to {base_url} (or store it again with `kiwi auth set {provider}`)")
    if not same_server(found.base_url, base_url):
        raise KeyNotForThisServer(
            f"the stored key of {provider!r} was stored for {found.base_url}, but the provider's "
            f"base_url is now {base_url}; Kiwi never sends a key to a server it was not stored "
            f"for. If you trust {base_url}, store its key with `kiwi auth set {provider}`")
    return found.key


def bind_key(provider: str, base_url: str, *, interactive: bool = False) -> KeyStore:
    """Bind a key stored before URLs were recorded to `base_url` (the user confirmed it).

    Raises:
        KiwiError: no key, or one already bound (store it again to move it), or the store failed.
    """
    found = stored_key(provider, interactive=interactive)
    if found is None:
        raise KiwiError(f"no stored key for {provider!r}; store one with `kiwi auth set "
                        f"{provider}`")
    if found.base_url:
        raise KiwiError(f"the key of {provider!r} is already bound to {found.base_url}; to use "
                        f"a key with another server, store it with `kiwi auth set {provider}`")
    return set_key(provider, found.key, base_url=base_url, interactive=interactive)


def delete_key(provider: str) -> bool:
    """Remove a provider's key; False when there was none.

    Raises:
        KiwiError: the keyring failed.
    """
    store = key_store()
    try:
        store.backend.delete_password(SERVICE, provider)
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as exc:
        raise KiwiError(f"{store.description} could not delete the key: {exc}") from None
    return True


def stored_providers(candidates: list[str]) -> dict[str, bool]:
    """Which providers have a stored key, without reading any key from the encrypted file.

    The OS keyring cannot list its entries, so only `candidates` (the configured providers) are
    asked there; the encrypted file also names keys of providers no longer configured.
    """
    store = key_store()
    if isinstance(store.backend, EncryptedFileKeyring):
        names = [n for n in store.backend.names(SERVICE) if n != CHECK_ENTRY]
        return {name: name in names for name in dict.fromkeys([*candidates, *names])}
    found = {}
    for name in candidates:
        try:
            found[name] = store.backend.get_password(SERVICE, name) is not None
        except keyring.errors.KeyringError:
            found[name] = False
    return found


def check_provider_name(name: str) -> None:
    """Provider names are config table keys: letters, digits, `_`, `-` and `.`.

    Raises:
        KiwiError: an empty or odd name.
    """
    if not name or not all(c.isalnum() or c in "_-." for c in name) or name.startswith("~"):
        raise KiwiError(f"provider name {name!r}: use letters, digits, '_', '-' or '.'")
