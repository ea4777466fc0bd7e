"""A stored API key is bound to the base URL it was stored for: it is given out for that URL only,
a key stored before URLs were recorded is given out nowhere until the user binds it, and
`kiwi auth` records the URL and says where the key will go."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from kiwi_term.cli import main
from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator import credentials

KEY = "sk-bound-test-0123456789abcdef"
URL = "https://api.example.com/v1"


@pytest.fixture
def key_file_store(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No OS keyring, as on a headless box: keys go to Kiwi's encrypted file (in KIWI_DATA_DIR)."""
    monkeypatch.setenv(credentials.PASSPHRASE_ENV, "pass phrase")
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (URL, "https://API.example.com/v1/", True),
        (URL, "https://api.example.com:443/v1", True),
        (URL, "http://api.example.com/v1", False),
        (URL, "https://api.example.com.evil.net/v1", False),
        (URL, "https://api.example.com@evil.net/v1", False),
        (URL, "https://api.example.com/v2", False),
        (URL, "https://api.example.com:8443/v1", False),
        ("", "", False),
    ],
)
def test_same_server(first: str, second: str, same: bool) -> None:
    assert credentials.same_server(first, second) is same


def test_a_key_is_given_out_for_its_url_only(key_file_store: None) -> None:
    credentials.set_key("hosted", KEY, base_url=URL)
    assert credentials.get_key("hosted", URL + "/") == KEY
    with pytest.raises(credentials.KeyNotForThisServer) as refused:
        credentials.get_key("hosted", "https://collector.evil.net/v1")
    message = str(refused.value)
    assert URL in message and "https://collector.evil.net/v1" in message
    assert "kiwi auth set hosted" in message and KEY not in message
    assert credentials.get_key("other", URL) is None


def test_a_key_stored_before_binding_is_sent_nowhere_until_bound(key_file_store: None) -> None:
    # What an older Kiwi wrote: the bare key under the provider's name.
    store = credentials.key_store()
    store.backend.set_password(credentials.SERVICE, "hosted", KEY)
    with pytest.raises(credentials.KeyNotForThisServer, match="kiwi auth bind hosted"):
        credentials.get_key("hosted", URL)

    credentials.bind_key("hosted", URL)
    assert credentials.get_key("hosted", URL) == KEY
    with pytest.raises(credentials.KeyNotForThisServer):
        credentials.get_key("hosted", "https://elsewhere.example.net/v1")
    with pytest.raises(KiwiError, match="already bound"):
        credentials.bind_key("hosted", "https://elsewhere.example.net/v1")


def config(kiwi_env: dict[str, Path], text: str) -> None:
    folder = kiwi_env["KIWI_CONFIG_DIR"]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(text, encoding="utf-8")


def test_kiwi_auth_set_binds_the_key_to_the_configured_url(
    key_file_store: None, kiwi_env: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config(kiwi_env, f'[providers.hosted]\nbase_url = "{URL}/"\nmodel = "m"\n')
    monkeypatch.setattr("sys.stdin", io.StringIO(KEY + "\n"))
    assert main(["auth", "set", "hosted"]) == 0
    out = capsys.readouterr()
    assert f"sent to {URL} and to no other server" in out.err
    assert KEY not in out.out + out.err
    assert credentials.get_key("hosted", URL) == KEY

    # A provider with no base_url anywhere: the key is not stored, and the user hears why.
    monkeypatch.setattr("sys.stdin", io.StringIO(KEY + "\n"))
    assert main(["auth", "set", "nowhere"]) != 0
    assert "--base-url" in capsys.readouterr().err
    assert credentials.stored_key("nowhere") is None

    monkeypatch.setattr("sys.stdin", io.StringIO(KEY + "\n"))
    assert main(["auth", "set", "custom", "--base-url", "http://127.0.0.1:8080/v1"]) == 0
    assert credentials.get_key("custom", "http://127.0.0.1:8080/v1") == KEY

    assert main(["auth", "status"]) == 0
    assert f"stored for {URL}" in capsys.readouterr().out


def test_kiwi_auth_bind_binds_an_old_key(
    key_file_store: None, kiwi_env: dict[str, Path], capsys: pytest.CaptureFixture[str],
) -> None:
    config(kiwi_env, f'[providers.hosted]\nbase_url = "{URL}"\nmodel = "m"\n')
    credentials.key_store().backend.set_password(credentials.SERVICE, "hosted", KEY)
    assert main(["auth", "status"]) == 0
    assert "no server yet: kiwi auth bind" in capsys.readouterr().out
    assert main(["auth", "bind", "hosted"]) == 0
    assert URL in capsys.readouterr().out
    assert credentials.get_key("hosted", URL) == KEY
