"""Settings: TOML in the platform's config folder, overridden per project by `.ai/kiwi.toml`.

A project's `.ai/kiwi.toml` comes with whatever folder the user cloned, so it is not trusted until
the user runs `kiwi trust` there (see `kiwi_term.trust`). Until then only the tables that change
how Kiwi looks and ranks apply (`SAFE_PROJECT_TABLES`); tables that could grant power or send data
elsewhere (permissions, execute, providers, orchestrator...) are ignored, and the `Config` says
which, with a one-line note that tells the user how to trust the file.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from kiwi_term.errors import KiwiError

APP_NAME = "kiwi"

DEFAULTS: dict[str, Any] = {
    "permissions": {
        # Running the user's own scripts and reading files is what a library is for; anything that
        # writes, reaches the network or spends LLM tokens must be granted.
        "grants": ["run:script", "read:files"],
    },
    "execute": {"timeout": 60.0, "output_limit": 4096},
    "thresholds": {"auto": 0.85, "confirm": 0.6},
    "router": {"name": "gguf", "threads": 2, "candidates": 24},
    # timeout: seconds the server may stay silent (before the first token or between two) before
    # the turn fails; connect_timeout is capped at 2 s so an unreachable server is reported fast.
    "orchestrator": {"default": "", "max_steps": 6, "token_budget": 6000, "timeout": 60.0,
                     "connect_timeout": 2.0, "retries": 2, "max_tokens": 1024},
    "providers": {},
    "personas": {},
    "response_cache": {"enabled": True, "ttl": 3600, "similarity": 0.95},
    "log": True,
    "ui": {
        # The terminal UI. show_timings=false hides the digits of latencies (snapshot tests);
        # settle_ms is the pause in typing after which the router predicts the whole text once
        # more as settled and the warm cache may fetch items for it. cursor_blink: the cursor
        # blinks while the user types and stays lit after 10 s without a key.
        "cursor_blink": True,
        "ghost_text": True,
        "show_timings": True,
        "settle_ms": 300,
        "prediction_cache": 256,
    },
}


def config_dir() -> Path:
    """Where the user's config.toml lives (`KIWI_CONFIG_DIR` overrides)."""
    return Path(os.environ.get("KIWI_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    """Where Kiwi keeps what it records (`KIWI_DATA_DIR` overrides)."""
    return Path(os.environ.get("KIWI_DATA_DIR") or platformdirs.user_data_dir(APP_NAME))


def cache_dir() -> Path:
    """Where Kiwi keeps what it can rebuild: indexes, the assembled model (`KIWI_CACHE_DIR`)."""
    return Path(os.environ.get("KIWI_CACHE_DIR") or platformdirs.user_cache_dir(APP_NAME))


def user_library() -> Path:
    """The user space library: `$KIWI_HOME`, default `~/.ai`."""
    return Path(os.environ.get("KIWI_HOME") or Path.home() / ".ai").expanduser()


def _merge(base: dict, extra: dict) -> dict:
    merged = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


SAFE_PROJECT_TABLES = frozenset({"thresholds", "ui", "personas", "router"})
"""Tables of an untrusted project's `.ai/kiwi.toml` that still apply: they change how Kiwi looks
and ranks predictions, never what it may run, which files it may touch or where data is sent."""


def project_config_path(project: Path) -> Path:
    """Where a project's own settings live: `<project>/.ai/kiwi.toml`."""
    return project / ".ai" / "kiwi.toml"


def config_digest(content: bytes) -> str:
    """The hash a trust record holds for a project's config file: `sha256:<hex>`."""
    return "sha256:" + hashlib.sha256(content).hexdigest()


def _parse_toml(path: Path, content: bytes) -> dict:
    try:
        return tomllib.loads(content.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise KiwiError(f"{path}: config does not parse: {exc}") from None


def read_toml(path: Path) -> dict:
    """The tables of a TOML file, or {} when there is no file.

    Raises:
        KiwiError: the file does not parse.
    """
    if not path.is_file():
        return {}
    return _parse_toml(path, path.read_bytes())


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` atomically with mode 0600 (temporary file, fsync, rename).

    Raises:
        OSError: the folder cannot be written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        # mkstemp creates the file 0600 already; chmod anyway in case the umask or platform differ.
        os.chmod(temp, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


TRUST_FILE = "trusted-projects.json"
"""In the config folder: the projects whose `.ai/kiwi.toml` the user trusted, with its hash."""


@dataclass(frozen=True)
class TrustRecord:
    """One project the user trusted."""

    project: str
    """The project folder, resolved."""
    digest: str
    """`config_digest` of its `.ai/kiwi.toml` when it was trusted."""
    trusted_at: str = ""
    """When, ISO 8601 UTC."""

    def status(self) -> str:
        """`trusted`, `changed` (the file differs from what was trusted) or `missing`."""
        path = project_config_path(Path(self.project))
        try:
            content = path.read_bytes()
        except OSError:
            return "missing"
        return "trusted" if config_digest(content) == self.digest else "changed"


class TrustStore:
    """The user's trust records (like direnv's and mise's allow lists), kept in the config
    folder, so a project cannot trust itself."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / TRUST_FILE
        """The JSON file of records."""

    def records(self) -> dict[str, TrustRecord]:
        """Project path -> record. A damaged file trusts nothing.

        Raises:
            KiwiError: the file exists but cannot be read as trust records.
        """
        if not self.path.is_file():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            rows = data["projects"]
            return {
                str(k): TrustRecord(str(k), str(v["digest"]), str(v.get("trusted_at", "")))
                for k, v in rows.items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KiwiError(
                f"{self.path}: the list of trusted projects is unreadable ({exc}); "
                "delete it and run `kiwi trust` again in each project you trust"
            ) from None

    def status(self, project: Path, content: bytes) -> str:
        """`trusted`, `changed` or `untrusted` for a project whose config file holds `content`.

        A trust file that cannot be read trusts nothing (the error is not raised here: an
        unreadable list must not stop Kiwi, only withhold the project's riskier settings).
        """
        try:
            record = self.records().get(_key(project))
        except KiwiError:
            return "untrusted"
        if record is None:
            return "untrusted"
        return "trusted" if record.digest == config_digest(content) else "changed"

    def trust(self, project: Path) -> TrustRecord:
        """Trust the project's `.ai/kiwi.toml` as it is now.

        Raises:
            KiwiError: the project has no `.ai/kiwi.toml`, or it does not parse.
        """
        path = project_config_path(project)
        if not path.is_file():
            raise KiwiError(f"{path} does not exist: there is nothing to trust")
        content = path.read_bytes()
        _parse_toml(path, content)
        stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        record = TrustRecord(_key(project), config_digest(content), stamp)
        records = self.records()
        records[record.project] = record
        self._write(records)
        return record

    def revoke(self, project: Path) -> bool:
        """Forget the project; True if it was trusted."""
        records = self.records()
        if records.pop(_key(project), None) is None:
            return False
        self._write(records)
        return True

    def _write(self, records: dict[str, TrustRecord]) -> None:
        rows = {k: {"digest": r.digest, "trusted_at": r.trusted_at}
                for k, r in sorted(records.items())}
        write_private(self.path, json.dumps({"version": 1, "projects": rows}, indent=2) + "\n")


def _key(project: Path) -> str:
    return str(project.expanduser().resolve())


def split_untrusted(table: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Keep the safe tables of an untrusted project config; name the ones left out.

    Returns:
        (the tables that apply, the names of the ignored tables and keys, sorted).
    """
    kept = {k: v for k, v in table.items() if k in SAFE_PROJECT_TABLES and isinstance(v, dict)}
    ignored = tuple(sorted(k for k in table if k not in kept))
    return kept, ignored


def _fraction(value: Any, default: float) -> float:
    """A threshold from the config; anything but a number of 0 or more gives the default. Above
    1 no confidence reaches it: `auto = 1.01` turns Enter's auto-run off."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return float(value) if 0.0 <= value < float("inf") else default


def _never_less_careful(project: dict[str, Any], user: dict[str, Any]) -> None:
    """Let an untrusted project raise the thresholds, never lower them: a lower `auto` would let
    Enter run the project's scripts on a weaker prediction than the user chose."""
    thresholds = project.get("thresholds")
    if not isinstance(thresholds, dict):
        return
    mine = user.get("thresholds", {})
    for key in ("auto", "confirm"):
        if key in thresholds:
            floor = _fraction(mine.get(key), float(DEFAULTS["thresholds"][key]))
            thresholds[key] = max(_fraction(thresholds[key], floor), floor)


def _trust_note(path: Path, project: Path, ignored: tuple[str, ...], changed: bool) -> str:
    tables = ", ".join(f"[{name}]" for name in ignored)
    why = "changed since you trusted it" if changed else "not trusted"
    return (
        f"{path} is {why}, so its {tables} settings were ignored; "
        f"run `kiwi --project {project} trust` to apply them"
    )


@dataclass
class Config:
    """The merged settings of one run."""

    data: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(DEFAULTS))
    """Defaults, then the user's config.toml, then the project's `.ai/kiwi.toml`."""
    files: tuple[Path, ...] = ()
    """The files that were read, in order."""
    project_trusted: bool = True
    """False when the project has a `.ai/kiwi.toml` the user has not trusted (as it is now)."""
    ignored_project_tables: tuple[str, ...] = ()
    """Top-level tables (or keys) of the project's `.ai/kiwi.toml` that were not applied because
    the file is not trusted, e.g. `("execute", "permissions", "providers")`."""
    trust_note: str = ""
    """One line for the user when project settings were ignored: which, and the command that
    trusts the file. Empty when nothing was ignored."""

    @classmethod
    def load(cls, project: Path | None = None) -> Config:
        """Read the user's and the project's settings.

        The project's `.ai/kiwi.toml` applies whole only if the user trusted it as it is now
        (`kiwi trust`); otherwise only its `SAFE_PROJECT_TABLES` apply.

        Raises:
            KiwiError: a config file exists but does not parse.
        """
        data = copy.deepcopy(DEFAULTS)
        files = []
        user_file = config_dir() / "config.toml"
        extra = read_toml(user_file)
        if extra:
            data = _merge(data, extra)
            files.append(user_file)
        trusted, note = True, ""
        ignored: tuple[str, ...] = ()
        path = project_config_path(project) if project is not None else None
        if project is not None and path is not None and path.is_file():
            # Read once: the bytes that are hashed are the bytes that are parsed.
            content = path.read_bytes()
            extra = _parse_toml(path, content)
            status = TrustStore().status(project, content)
            if status != "trusted":
                trusted = False
                extra, ignored = split_untrusted(extra)
                _never_less_careful(extra, data)
                if ignored:
                    note = _trust_note(path, project, ignored, status == "changed")
            if extra or ignored:
                files.append(path)
            data = _merge(data, extra)
        return cls(data, tuple(files), trusted, ignored, note)

    def section(self, name: str) -> dict[str, Any]:
        """One table of the settings, e.g. `thresholds`."""
        value = self.data.get(name, {})
        return value if isinstance(value, dict) else {}

    @property
    def grants(self) -> frozenset[str]:
        """Permissions the user has granted to directives."""
        grants = self.section("permissions").get("grants", [])
        if isinstance(grants, str):
            grants = [grants]
        return frozenset(g for g in grants if isinstance(g, str)) if isinstance(
            grants, list) else frozenset()

    @property
    def auto_threshold(self) -> float:
        """Confidence at or above which Enter runs the top prediction at once."""
        return _fraction(self.section("thresholds").get("auto"), 0.85)

    @property
    def confirm_threshold(self) -> float:
        """Confidence at or above which Enter asks before running the top prediction."""
        return _fraction(self.section("thresholds").get("confirm"), 0.6)

    @property
    def log_enabled(self) -> bool:
        """Whether interactions are recorded locally."""
        return bool(self.data.get("log", True))
