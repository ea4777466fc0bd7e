"""API keys: the OS keyring when there is one, else Kiwi's passphrase-encrypted file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from keyrings.alt.file import PlaintextKeyring

from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator import credentials

KEY = "sk-unit-test-0123456789"
URL = "http://127.0.0.1:8080/v1"


@pytest.fixture
def no_os_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """keyring with only its fail backend, as on a headless box without keyrings.alt."""
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    monkeypatch.delenv(credentials.PASSPHRASE_ENV, raising=False)
    yield
    keyring.set_keyring(previous)


def test_a_plaintext_or_failing_backend_is_not_an_os_keyring(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    try:
        plaintext = PlaintextKeyring()
        plaintext.file_path = str(tmp_path / "plain.cfg")
        keyring.set_keyring(plaintext)
        assert credentials.os_keyring() is None
        store = credentials.key_store()
        assert store.kind == "file" and "PlaintextKeyring" in store.notice
        keyring.set_keyring(keyring.backends.fail.Keyring())
        assert credentials.os_keyring() is None
    finally:
        keyring.set_keyring(previous)


def test_the_encrypted_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "keys.cfg"
    store = credentials.EncryptedFileKeyring(path, "a passphrase")
    store.check_passphrase()
    store.set_password(credentials.SERVICE, "OpenAI", KEY)
    assert KEY.encode() not in path.read_bytes()
    assert path.stat().st_mode & 0o077 == 0, "only the owner may read it"
    assert credentials.EncryptedFileKeyring(path, "a passphrase").get_password(
        credentials.SERVICE, "OpenAI") == KEY
    # Names can be listed without the passphrase; keys cannot be read.
    locked = credentials.EncryptedFileKeyring(path)
    assert "OpenAI" in locked.names(credentials.SERVICE)
    with pytest.raises(credentials.KeyLocked):
        locked.get_password(credentials.SERVICE, "OpenAI")
    with pytest.raises(KiwiError, match="wrong passphrase"):
        credentials.EncryptedFileKeyring(path, "guess").get_password(credentials.SERVICE, "OpenAI")
    with pytest.raises(KiwiError, match="wrong passphrase"):
        credentials.EncryptedFileKeyring(path, "guess").check_passphrase()


def test_set_get_delete_through_the_fallback(
    no_os_keyring: None, monkeypatch: pytest.MonkeyPatch, kiwi_env: dict[str, Path]
) -> None:
    with pytest.raises(credentials.KeyLocked, match=credentials.PASSPHRASE_ENV):
        credentials.set_key("local", KEY, base_url=URL)
    monkeypatch.setenv(credentials.PASSPHRASE_ENV, "pass phrase")
    store = credentials.set_key("local", KEY, base_url=URL)
    assert store.kind == "file" and "no OS keyring" in store.notice
    assert credentials.key_file() == kiwi_env["KIWI_DATA_DIR"] / "keys.cfg"
    assert credentials.get_key("local", URL) == KEY
    assert credentials.get_key("other", URL) is None
    assert credentials.stored_providers(["local", "other"]) == {"local": True, "other": False}

    monkeypatch.delenv(credentials.PASSPHRASE_ENV)
    with pytest.raises(credentials.KeyLocked):
        credentials.get_key("local", URL)
    credentials.unlock("pass phrase")
    assert credentials.get_key("local", URL) == KEY
    with pytest.raises(KiwiError, match="wrong passphrase"):
        credentials.unlock("not it")

    assert credentials.delete_key("local") and not credentials.delete_key("local")
    assert credentials.get_key("local", URL) is None


@pytest.mark.parametrize("name", ["", "a b", "x/y", "~check"])
def test_odd_provider_names_are_refused(name: str) -> None:
    with pytest.raises(KiwiError):
        credentials.check_provider_name(name)


def test_an_empty_key_is_refused(no_os_keyring: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(credentials.PASSPHRASE_ENV, "pass phrase")
    with pytest.raises(KiwiError, match="empty"):
        credentials.set_key("local", "   ", base_url=URL)
