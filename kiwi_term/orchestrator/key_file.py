"""Kiwi's own key file, for machines without an OS keyring: a keyrings.alt file keyring (the same
INI layout) whose entries are sealed with AES-256-GCM under a key derived from the passphrase with
scrypt, both from `cryptography`.

The stock `keyrings.alt.file.EncryptedKeyring` needs pycryptodome, which is not installed with
Kiwi, and derives its key with 1,000 rounds of PBKDF2-SHA1; `cryptography` is already there
(keyring needs it for Secret Service on Linux) and scrypt is far costlier to guess against.
"""

from __future__ import annotations

import base64
import configparser
import io
import json
import os
from pathlib import Path

import keyring.errors
from jaraco.classes import properties
from keyrings.alt.escape import escape as escape_for_ini
from keyrings.alt.escape import unescape as unescape_from_ini
from keyrings.alt.file_base import Keyring as FileKeyring

from kiwi_term.config import write_private
from kiwi_term.errors import KiwiError

SERVICE = "kiwi-terminal"
"""The keyring service name under which every provider's key is stored (username = provider)."""
FILE_NAME = "keys.cfg"
"""The encrypted key file, under Kiwi's data folder."""
CHECK_ENTRY = "~passphrase-check"
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
        return CHECK_ENTRY in self.names(SERVICE)

    def check_passphrase(self) -> None:
        """Refuse a passphrase that does not open the file's check entry; set one up if new.

        Raises:
            KiwiError: wrong passphrase.
        """
        if self.has_entries():
            if self.get_password(SERVICE, CHECK_ENTRY) != _CHECK_VALUE:
                raise KiwiError(f"wrong passphrase for the encrypted key file {self.file_path}")
        else:
            super().set_password(SERVICE, CHECK_ENTRY, _CHECK_VALUE)

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
    text = io.StringIO()
    config.write(text)
    write_private(path, text.getvalue())
