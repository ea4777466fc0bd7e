"""A storm of keystrokes: 1,000 keys at 10 ms intervals into the running app, real router.

The keys are posted the way a terminal delivers them, without waiting for the app to catch up
between them (Pilot.press waits for idle after every key, which would turn the storm into a
drizzle). What must hold: every character arrives, the prediction on screen is the final text's,
memory stays bounded, and the router thread predicted far fewer texts than were typed, because
the newest text replaces any text it has not started on.
"""

from __future__ import annotations

import asyncio
import time
import tracemalloc
from pathlib import Path

import pytest
from textual import events

from kiwi_term.primitives import Kiwi
from kiwi_term.ui.app import make_app

pytestmark = pytest.mark.slow

DEV_PROJECT = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev" / "project"

KEYS = 1000
INTERVAL = 0.010
MEMORY_BOUND = 64 * 1024 * 1024
"""Python allocations the storm may leave behind: generous, and far below what an unbounded
cache of 1,000 route results and their prompts would hold."""


def storm_text() -> str:
    words = "find email scripts then validate the leads and parse csv files "
    return (words * (KEYS // len(words) + 1))[:KEYS]


def key_event(char: str) -> events.Key:
    return events.Key("space", " ") if char == " " else events.Key(char, char)


async def test_a_thousand_keystrokes(dev_project, ui_config, router, until):
    config = ui_config(dev_project)
    app = make_app(config, Kiwi(dev_project, config), router, close_router=False)
    text = storm_text()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.status.facts.router == "ready", what="the router")
        tracemalloc.start()
        before, _ = tracemalloc.get_traced_memory()
        started = time.monotonic()
        for char in text:
            app.post_message(key_event(char))
            await asyncio.sleep(INTERVAL)
        await until(pilot, lambda: app.prompt.value == text, timeout=120,
                    what="the last keystroke to arrive")
        typed_in = time.monotonic() - started
        await until(pilot, lambda: app.current_result() is not None, what="the final prediction")
        after, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        assert app.prompt.value == text
        result = app.current_result()
        assert result.text == text == app.panel.result.text
        assert after - before < MEMORY_BOUND, f"{(after - before) / 1e6:.1f} MB kept"
        stats = app.router_loop.stats
        assert stats.submitted == KEYS  # one submission per change of the input
        # A keystroke every 10 ms against tens of ms a prediction: most texts are replaced
        # before the router gets to them (a router faster than the keys would see them all).
        assert stats.routed < KEYS // 2, stats
        assert stats.superseded >= KEYS - stats.routed
        assert len(app.state.predictions) <= app.state.predictions.size
        print(f"\n{KEYS} keys in {typed_in:.1f} s; router predicted {stats.routed} texts, "
              f"{stats.superseded} superseded, {app.state.stale_dropped} stale results dropped; "
              f"{(after - before) / 1e6:.1f} MB")
