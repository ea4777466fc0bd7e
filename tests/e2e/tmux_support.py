"""`kiwi` in a real terminal: tmux runs it, send-keys types, capture-pane reads the screen.

The tmux server has its own socket, so a test never touches a tmux the developer is using,
and the server is killed whatever happens.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

WIDTH, HEIGHT = 120, 40
PREDICTION_LINE = re.compile(r"^\s*1 \S+ (search|load|execute)\(.*\d+%\s*$", re.MULTILINE)
"""The first row of the suggestions panel: rank, sign, call, confidence."""


class Terminal:
    """One tmux server and session running a command."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.socket = f"kiwi-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.env = env
        self.tmux("new-session", "-d", "-s", "kiwi", "-x", str(WIDTH), "-y", str(HEIGHT),
                  *command)

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", self.socket, *args], env=self.env, check=check,
                              capture_output=True, text=True, timeout=30)

    def screen(self) -> str:
        result = self.tmux("capture-pane", "-p", "-t", "kiwi", check=False)
        return result.stdout

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "kiwi", "-l", text)

    def press(self, key: str) -> None:
        self.tmux("send-keys", "-t", "kiwi", key)

    def alive(self) -> bool:
        return self.tmux("has-session", "-t", "kiwi", check=False).returncode == 0

    def wait_for(self, check: Callable[[str], bool], what: str, timeout: float = 300) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            if not self.alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"gave up waiting for {what}; the screen was:\n{screen}")

    def quit(self) -> None:
        """Ctrl+Q, then wait for kiwi to exit; fail if it does not."""
        self.press("C-q")
        deadline = time.monotonic() + 30
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not self.alive(), "kiwi did not quit on Ctrl+Q"

    def kill(self) -> None:
        self.tmux("kill-server", check=False)


def start_kiwi(project: Path, config_dir: Path, argv: list[str], env: dict[str, str],
               config: str = "") -> Terminal:
    """`kiwi --project PROJECT` in tmux, with a config for tests: one llama.cpp thread (see
    tests/functional/test_tui.py), a cursor that does not blink, then `config` (more tables)."""
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text(
        "[router]\nthreads = 1\n[ui]\ncursor_blink = false\n" + config)
    return Terminal([*argv, "--project", str(project)], {**env, "TERM": "xterm-256color"})


def keys_of(text: str) -> list[str]:
    """tmux key names that type `text` (send-keys reads a lone " " as no key)."""
    return ["Space" if char == " " else char for char in text]


def input_line(screen: str) -> str | None:
    """The text in the input line, without the ghost text after it; None when it is not on
    screen. The input's tall border draws "▊" at the left of each of its three rows."""
    for line in screen.splitlines():
        if line.startswith("▊ "):
            return line.strip().strip("▊▎").split("   ⇥")[0].strip()
    return None
