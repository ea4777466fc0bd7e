"""Fuzz: any text typed and pasted into the running terminal, real router behind it.

The keys and pastes are made by Textual's own terminal parser from the characters a terminal
would send, and posted without waiting for the app, as the terminal's reader thread does. The app
must not crash, and the input must hold exactly what was typed and pasted: every character a key
can type (Textual's input alone drops the right-to-left mark, the zero-width joiner of an emoji,
the no-break space), and a paste on one line (line breaks and tabs as spaces, other control
characters dropped, lone surrogates as U+FFFD: a terminal cannot send them, a fuzzer can).

Each fuzz counts the inputs it ran in `RAN`.
"""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events
from textual._xterm_parser import XTermParser

from kiwi_term.config import Config
from kiwi_term.ui.app import KiwiApp
from predictors.router.keystroke import KeystrokeRouter
from tests.functional.tui_support import build

pytestmark = pytest.mark.slow

RAN: Counter[str] = Counter()
"""Inputs each fuzz ran, by name."""

EXAMPLES = 30
"""Apps started, one per example (~2 s each with the router's answers: about a minute)."""

FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

SPECIAL = ["\u200f", "\u202e", "\u200d", "\xa0", "\u2028", "\ufeff", "👨\u200d👩\u200d👧", "🇫🇷",
           "e\u0301", "שלום", "مرحبا", "日本語", "\U000e0041", "\ud800", "\udcff"]

TYPED = st.lists(st.one_of(
    # Every character but the control characters, which a terminal sends as keys (Tab, Enter,
    # Ctrl+Q), not as text.
    st.characters(codec=None, exclude_categories=("Cc",)),
    st.sampled_from(SPECIAL)), max_size=40).map("".join)
PASTED = st.one_of(
    st.lists(st.one_of(st.characters(codec=None), st.sampled_from(["\x00", "\n", "\r\n", "\t",
                                                                  "\x7f", *SPECIAL])),
             max_size=300).map("".join),
    st.builds(lambda unit, n: (unit * (n // len(unit) + 1))[:n],
              st.sampled_from(["find the email scripts\n", "日本\t", "\x00a", "👨\u200d👧"]),
              st.integers(15_000, 20_000)),
).filter(  # no ESC: Textual's parser reads an ESC inside a bracketed paste as the start of
    # an escape sequence (the paste's end marker among them), not as text
    lambda text: "\x1b" not in text)
PIECES = st.lists(st.one_of(st.tuples(st.just("type"), TYPED),
                            st.tuples(st.just("paste"), PASTED)), min_size=1, max_size=4)


def typed_text(text: str) -> str:
    """What typing `text` must leave in the input: every character (a surrogate as U+FFFD)."""
    return "".join("\ufffd" if unicodedata.category(c) == "Cs" else c for c in text)


def pasted_text(text: str) -> str:
    """What pasting `text` must leave: one line, control characters gone."""
    spaced = " ".join(text.replace("\t", " ").splitlines())
    return typed_text("".join(c for c in spaced if unicodedata.category(c) != "Cc"))


def terminal_events(kind: str, text: str) -> list[events.Event]:
    """The events Textual's parser makes of what a terminal sends for typing or pasting `text`."""
    sent = f"\x1b[200~{text}\x1b[201~" if kind == "paste" else text
    return [event for event in XTermParser().feed(sent)
            if isinstance(event, (events.Key, events.Paste))]


async def enter(app: KiwiApp, pieces: list[tuple[str, str]]) -> str:
    expected = ""
    for kind, text in pieces:
        for event in terminal_events(kind, text):
            app.post_message(event)
        expected += pasted_text(text) if kind == "paste" else typed_text(text)
        await asyncio.sleep(0)
    return expected


@FUZZ
@given(pieces=PIECES)
def test_typed_and_pasted_text_is_held_exactly(dev_project: Path, ui_config,
                                               router: KeystrokeRouter,
                                               pieces: list[tuple[str, str]]) -> None:
    RAN["inputs"] += 1
    RAN["pieces"] += len(pieces)
    config: Config = ui_config(dev_project)

    async def drive() -> None:
        app = build(dev_project, config, router)
        async with app.run_test(size=(100, 30)) as pilot:
            expected = await enter(app, pieces)
            deadline = time.monotonic() + 60
            while app.prompt.value != expected and time.monotonic() < deadline:
                await pilot.pause(0.02)
            assert app.prompt.value == expected
            if expected.strip() and app.router_loop is not None:
                # The router answers for that text, whatever it holds.
                while app.current_result() is None and time.monotonic() < deadline:
                    await pilot.pause(0.05)
                assert app.current_result() is not None, app.status.facts.router_reason
                assert "failed" not in app.status.facts.router_reason
            assert app.prompt.value == expected

    asyncio.run(drive())


def test_the_fuzz_ran_its_examples() -> None:
    """Runs after the fuzz above (pytest keeps the file's order) and reports the counts."""
    if not RAN:
        return  # run on its own (-k): the fuzz did not run in this process
    print(f"\nterminal fuzz inputs: {dict(RAN)}")
    assert RAN["inputs"] >= EXAMPLES * 0.9
