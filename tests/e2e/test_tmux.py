"""`kiwi` in a real terminal: it predicts as the user types, and Tab runs the prediction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.e2e.tmux_support import PREDICTION_LINE, start_kiwi

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_kiwi_predicts_and_tab_runs_it_in_tmux(dev_project: Path, kiwi_env, kiwi_command):
    argv, env = kiwi_command
    terminal = start_kiwi(dev_project, kiwi_env["KIWI_CONFIG_DIR"], argv, env)
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
        terminal.quit()
    finally:
        terminal.kill()
