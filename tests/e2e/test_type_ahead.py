"""Type-ahead in a real terminal: keys typed as a run starts and finishes all reach the input.

A review once found, under tmux, the next request typed right after a run's key missing from the
input, one time in four. The cause: Textual hands a character to the input's queue but runs a
priority binding (Tab) as soon as the app reads its key, and any other binding (Enter) only once
its key has bubbled back to the app, so Enter ran after the characters typed just after it were
in, and cleared them with the request it took. Each round here sends the run's key (Enter or
Tab) and the start of the next request in one write, as a fast typist's keys arrive, then types
the rest key by key from a different moment, while a script that naps for a time read off the
clock finishes, redraws and ends its turn. Every character must be in the input, and the run
must have taken the request alone.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from tests.e2e.tmux_support import PREDICTION_LINE, Terminal, input_line, keys_of, start_kiwi

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

ROUNDS = 20
"""A loss in one round of four escapes 20 rounds with a chance of 0.75 ** 20, about 0.3%."""

REQUEST = "run the nap script"
TYPED = "offboard tom"
NAP = '''"""Nap a moment, then say so: a run that ends at a different moment each time.

Tags: nap, wait
"""
import time

nap = time.time_ns() // 1_000_000 % 500 / 1000
time.sleep(nap)
print(f"napped {nap:.3f} s")
'''


def requests_run(screen: str) -> list[str]:
    """The texts of the runs in the transcript ("› text" lines, with the scrollbar's cell at
    the right of some)."""
    return [re.split(r"\s{2,}", line.strip()[2:])[0] for line in screen.splitlines()
            if line.strip().startswith("› ")]


def settle(terminal: Terminal, round_: int) -> None:
    """Type the request and wait for its prediction, then for the pause after which the router
    predicts it as settled, the prediction Enter decides on (Enter waits for it otherwise)."""
    terminal.type(REQUEST)
    screen = terminal.wait_for(
        lambda s: input_line(s) == REQUEST and PREDICTION_LINE.search(s) is not None,
        f"round {round_}: the prediction for {REQUEST!r}", 120)
    assert "nap" in PREDICTION_LINE.search(screen).group(0), screen
    time.sleep(1.2)


def test_keys_typed_as_a_run_starts_and_finishes_all_arrive(dev_project: Path, kiwi_env,
                                                            kiwi_command):
    (dev_project / ".ai" / "scripts" / "nap.py").write_text(NAP)
    argv, env = kiwi_command
    # Enter runs the top prediction at once, whatever its confidence.
    terminal = start_kiwi(dev_project, kiwi_env["KIWI_CONFIG_DIR"], argv, env,
                          "[thresholds]\nauto = 0.0\nconfirm = 0.0\n")
    lost: list[str] = []
    try:
        terminal.wait_for(lambda s: "router ready" in s, "the router to be ready")
        for round_ in range(ROUNDS):
            settle(terminal, round_)
            key = "Enter" if round_ % 2 == 0 else "Tab"
            terminal.tmux("send-keys", "-t", "kiwi", key, *keys_of(TYPED[:4]))
            # The rest from a different moment each round: from at once to past the run's end
            # (a nap of up to 0.5 s, after Python's start).
            time.sleep(round_ // 2 % 10 * 0.07)
            for name in keys_of(TYPED[4:]):
                terminal.press(name)
            screen = terminal.wait_for(
                lambda s: "running" not in s and "Esc cancels" not in s,
                f"round {round_}: the run to finish", 120)
            time.sleep(0.3)  # a late reset of the input would show by now
            screen = terminal.screen()
            runs = requests_run(screen)
            if input_line(screen) != TYPED or not runs or runs[-1] != REQUEST:
                lost.append(f"round {round_} ({key}): the input held {input_line(screen)!r}, "
                            f"the last run took {runs[-1:]}")
            terminal.press("C-u")  # empty the input for the next round
            terminal.wait_for(lambda s: "Type what you want to do" in (input_line(s) or ""),
                              "the input to empty", 30)
        assert not lost, f"{len(lost)} of {ROUNDS} rounds lost keys:\n" + "\n".join(lost)
        terminal.quit()
    finally:
        terminal.kill()
