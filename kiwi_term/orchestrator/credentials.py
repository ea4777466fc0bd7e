"""API keys of orchestrator providers: the OS keyring, or a passphrase-encrypted file without one.

A key comes from the environment variable a provider names (`api_key_env`), else from the store
that `kiwi auth set PROVIDER` wrote. The store is the OS keyring (macOS Keychain, Windows
Credential Locker, Secret Service or KWallet) through `keyring`. A headless Linux box has none:
there `keyring.get_keyring()` falls to keyrings.alt's `PlaintextKeyring` (a readable file) or to
the fail backend, and Kiwi uses its own passphrase-encrypted file instead and says so.

That file is a keyrings.alt file keyring (the same INI layout) whose entries are sealed with
AES-256-GCM under a key derived from the passphrase with scrypt, both from `cryptography`. The
stock `keyrings.alt.file.EncryptedKeyring` needs pycryptodome, which is not installed with Kiwi,
and derives its key with 1,000 rounds of PBKDF2-SHA1; `cryptography` is already there (keyring
needs it for Secret Service on Linux) and scrypt is far costlier to guess against.

The passphrase comes from `unlock()`, else `KIWI_KEYRING_PASSPHRASE`, else a prompt when a
terminal is attached. Keys are never written anywhere else, and never logged.
"""

from __future__ import annotations

import base64
import configparser
import getpass
import json
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.errors
from jaraco.classes import properties
from keyring.backend import KeyringBackend
from keyrings.alt.escape import escape as escape_for_ini
from keyrings.alt.escape import unescape as unescape_from_ini
from keyrings.alt.file_base import Keyring as FileKeyring

from kiwi_term.config import data_dir
from kiwi_term.errors import KiwiError

SERVICE = "kiwi-terminal"
"""The keyring service name under which every provider's key is stored (username = provider)."""
PASSPHRASE_ENV = "KIWI_KEYRING_PASSPHRASE"
"""Environment variable that unlocks the encrypted key file without a prompt (CI, scripts)."""
FILE_NAME = "keys.cfg"
"""The encrypted key file, under Kiwi's data folder."""
_CHECK_ENTRY = "~passphrase-check"
"""An entry sealed with the passphrase, so a wrong one is refused before anything is written."""
_CHECK_VALUE = "kiwi"


class KeyLocked(KiwiError):
    """The key is in the encrypted file and no passphrase is at hand."""


class EncryptedFileKeyring(FileKeyring):
    """A keyrings.alt file keyring sealed with scrypt + AES-256-GCM (see the module docstring)."""

    filename = FILE_NAME
    scheme = "scrypt(n=2^15,r=8,p=1) AES-256-GCM"
    version = "1"

    @properties.classproperty
    def priority(cls) -> float:
        # Never chosen by keyring's own backend detection: only Kiwi uses it, on purpose.
        raise RuntimeError("Kiwi's encrypted key file is used directly, not through keyring")

    def __init__(self, path: Path, passphrase: str | None = None) -> None:
        super().__init__()
        self.file_path = str(path)
        self.passphrase = passphrase
        """The passphrase; None until unlocked."""

    # scrypt is slow on purpose and runs once per entry (each has its own salt), so only reading
    # a key pays for it, never listing the file.
    def _derive(self, salt: bytes) -> bytes:
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

        if not self.passphrase:
            raise KeyLocked(f"the encrypted key file {self.file_path} is locked")
        return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(self.passphrase.encode())

    def encrypt(self, password: bytes, assoc: bytes | None = None) -> bytes:
        """Seal one secret; `assoc` (service and username) is bound to it as associated data."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        salt, nonce = os.urandom(16), os.urandom(12)
        sealed = AESGCM(self._derive(salt)).encrypt(nonce, password, assoc)
        parts = {"salt": salt, "nonce": nonce, "data": sealed}
        return json.dumps({k: base64.b64encode(v).decode() for k, v in parts.items()}).encode()

    def decrypt(self, password_encrypted: bytes, assoc: bytes | None = None) -> bytes:
        """Open one secret.

        Raises:
            KiwiError: wrong passphrase or a tampered entry.
        """
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        parts = {k: base64.b64decode(v) for k, v in json.loads(password_encrypted).items()}
        try:
            return AESGCM(self._derive(parts["salt"])).decrypt(parts["nonce"], parts["data"], assoc)
        except InvalidTag:
            raise KiwiError(
                f"wrong passphrase for the encrypted key file {self.file_path}"
            ) from None

    def _read_config(self) -> configparser.RawConfigParser:
        config = configparser.RawConfigParser()
        # Keep names as written: configparser lowercases option names by default, and provider
        # names are case-sensitive config table keys.
        config.optionxform = str  # type: ignore[assignment,method-assign]
        if os.path.exists(self.file_path):
            config.read(self.file_path, encoding="utf-8")
        return config

    def names(self, service: str) -> list[str]:
        """Usernames (provider names) stored for `service`, read without the passphrase."""
        config = self._read_config()
        section = escape_for_ini(service)
        if not config.has_section(section):
            return []
        return sorted(unescape_from_ini(name) for name in config.options(section))

    def has_entries(self) -> bool:
        """Whether the file already holds a passphrase check (it was set up before)."""
        return _CHECK_ENTRY in self.names(SERVICE)

    def check_passphrase(self) -> None:
        """Refuse a passphrase that does not open the file's check entry; set one up if new.

        Raises:
            KiwiError: wrong passphrase.
        """
        if self.has_entries():
            if self.get_password(SERVICE, _CHECK_ENTRY) != _CHECK_VALUE:
                raise KiwiError(f"wrong passphrase for the encrypted key file {self.file_path}")
        else:
            super().set_password(SERVICE, _CHECK_ENTRY, _CHECK_VALUE)

    def get_password(self, service: str, username: str) -> str | None:
        """The stored secret, or None. Decrypting failures raise (no silent retry)."""
        config = self._read_config()
        try:
            stored = config.get(escape_for_ini(service), escape_for_ini(username))
        except (configparser.NoOptionError, configparser.NoSectionError):
            return None
        # keyrings.alt falls back to decrypting without associated data on ValueError; an AEAD
        # entry must always carry it, so read it here without that fallback.
        sealed = base64.decodebytes(stored.encode())
        return self.decrypt(sealed, self._generate_assoc(service, username)).decode("utf-8")

    def _write_config_value(self, service: str, key: str, value: str) -> None:
        # keyrings.alt rewrites the file in place; a crash mid-write would lose every key. Write a
        # sibling file (0600 from the start) and rename it over the old one instead.
        self._ensure_file_path()
        config = self._read_config()
        section, key = escape_for_ini(service), escape_for_ini(key)
        if not config.has_section(section):
            config.add_section(section)
        config.set(section, key, value)
        _atomic_write_config(Path(self.file_path), config)

    def delete_password(self, service: str, username: str) -> None:
        """Remove one entry (no passphrase needed).

        Raises:
            keyring.errors.PasswordDeleteError: there is no such entry.
        """
        config = self._read_config()
        try:
            removed = config.remove_option(escape_for_ini(service), escape_for_ini(username))
        except configparser.NoSectionError:
            removed = False
        if not removed:
            raise keyring.errors.PasswordDeleteError("no such key")
        _atomic_write_config(Path(self.file_path), config)


def _atomic_write_config(path: Path, config: configparser.RawConfigParser) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        config.write(handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


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


def set_key(provider: str, key: str, *, interactive: bool = False) -> KeyStore:
    """Store a provider's key; returns the store used.

    Raises:
        KiwiError: empty key or provider name, locked or wrong passphrase, keyring failure.
    """
    check_provider_name(provider)
    if not key.strip():
        raise KiwiError("the API key is empty; nothing was stored")
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
        store.backend.set_password(SERVICE, provider, key.strip())
    except keyring.errors.KeyringError as exc:
        raise KiwiError(f"{store.description} refused the key: {exc}") from None
    return store


def get_key(provider: str, *, interactive: bool = False) -> str | None:
    """The stored key of a provider, or None when there is none.

    Raises:
        KeyLocked: the key is in the encrypted file and no passphrase is known.
        KiwiError: wrong passphrase, or the keyring failed.
    """
    store = key_store()
    backend = store.backend
    try:
        if isinstance(backend, EncryptedFileKeyring):
            if provider not in backend.names(SERVICE):
                return None
            if interactive:
                _prompt_passphrase(backend, new=False)
            if not backend.passphrase:
                raise KeyLocked(
                    f"the API key of {provider!r} is in Kiwi's encrypted key file; unlock it "
                    f"(set {PASSPHRASE_ENV}, or type the passphrase when asked)"
                )
        return backend.get_password(SERVICE, provider)
    except keyring.errors.KeyringError as exc:
        raise KiwiError(f"{store.description} could not be read: {exc}") from None


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
        names = [n for n in store.backend.names(SERVICE) if n != _CHECK_ENTRY]
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
