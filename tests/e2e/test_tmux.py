"""`kiwi` in a real terminal: tmux runs it, send-keys types, capture-pane reads the screen.

The tmux server has its own socket, so the test never touches a tmux the developer is using,
and the server is killed whatever happens.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

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
            time.sleep(0.25)
        raise AssertionError(f"gave up waiting for {what}; the screen was:\n{screen}")

    def kill(self) -> None:
        self.tmux("kill-server", check=False)


def test_kiwi_predicts_and_tab_runs_it_in_tmux(dev_project: Path, kiwi_env, kiwi_command):
    config = kiwi_env["KIWI_CONFIG_DIR"]
    config.mkdir(parents=True, exist_ok=True)
    # One llama.cpp thread: see tests/functional/test_tui.py.
    (config / "config.toml").write_text("[router]\nthreads = 1\n[ui]\ncursor_blink = false\n")
    argv, env = kiwi_command
    env = {**env, "TERM": "xterm-256color"}
    terminal = Terminal([*argv, "--project", str(dev_project)], env)
    try:
        terminal.wait_for(lambda s: "router ready" in s, "the router to be ready")
        text = "load the email rules"
        terminal.type(text)
        screen = terminal.wait_for(
            lambda s: text in s and PREDICTION_LINE.search(s) is not None, "a prediction")
        top = PREDICTION_LINE.search(screen).group(0).split(None, 2)[2].rsplit(None, 1)[0]
        terminal.press("Tab")
        screen = terminal.wait_for(
            lambda s: f"› {text}" in s and "Tab ·" in s and "running" not in s,
            "the call to run")
        assert top.strip() in screen
        terminal.press("C-q")
        deadline = time.monotonic() + 30
        while terminal.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not terminal.alive(), "kiwi did not quit on Ctrl+Q"
    finally:
        terminal.kill()
