"""Settings: TOML in the platform's config folder, overridden per project by `.ai/kiwi.toml`."""

from __future__ import annotations

import copy
import os
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


def _read_toml(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise KiwiError(f"{path}: config does not parse: {exc}") from None


@dataclass
class Config:
    """The merged settings of one run."""

    data: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(DEFAULTS))
    """Defaults, then the user's config.toml, then the project's `.ai/kiwi.toml`."""
    files: tuple[Path, ...] = ()
    """The files that were read, in order."""

    @classmethod
    def load(cls, project: Path | None = None) -> Config:
        """Read the user's and the project's settings.

        Raises:
            KiwiError: a config file exists but does not parse.
        """
        data = copy.deepcopy(DEFAULTS)
        files = []
        candidates = [config_dir() / "config.toml"]
        if project is not None:
            candidates.append(project / ".ai" / "kiwi.toml")
        for path in candidates:
            extra = _read_toml(path)
            if extra:
                data = _merge(data, extra)
                files.append(path)
        return cls(data, tuple(files))

    def section(self, name: str) -> dict[str, Any]:
        """One table of the settings, e.g. `thresholds`."""
        value = self.data.get(name, {})
        return value if isinstance(value, dict) else {}

    @property
    def grants(self) -> frozenset[str]:
        """Permissions the user has granted to directives."""
        return frozenset(self.section("permissions").get("grants", []))

    @property
    def auto_threshold(self) -> float:
        """Confidence at or above which Enter runs the top prediction at once."""
        return float(self.section("thresholds").get("auto", 0.85))

    @property
    def confirm_threshold(self) -> float:
        """Confidence at or above which Enter asks before running the top prediction."""
        return float(self.section("thresholds").get("confirm", 0.6))

    @property
    def log_enabled(self) -> bool:
        """Whether interactions are recorded locally."""
        return bool(self.data.get("log", True))
