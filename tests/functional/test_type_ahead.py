"""Type-ahead: keys act in the order they were typed, whatever the app is doing.

The keys are posted the way a terminal's reader thread delivers them, without waiting for the
app between them (Pilot.press waits after every key, which hides the race). Textual hands a
character to the input's queue but runs a priority binding (Tab) as the app reads the key, and
any other binding (Enter) only after its key has bubbled back up; without the input running
every key in turn, Enter took the characters typed after it into its request and cleared them
with it, and Tab ran a text the user had already typed past.
"""

from __future__ import annotations

import pytest
from textual import events

from kiwi_term.ui.app import KiwiApp
from tests.functional.tui_support import build, calls, type_and_settle, wait_for_run

pytestmark = pytest.mark.slow

REQUEST = "load the email rules"
NEXT = "offboard tom"


def post_keys(app: KiwiApp, *keys: str) -> None:
    """Post keys as a terminal delivers them: one after the other, nobody waiting."""
    for key in keys:
        if key in ("enter", "tab", "backspace"):
            app.post_message(events.Key(key, {"enter": "\r", "tab": "\t"}.get(key)))
        else:
            for char in key:
                app.post_message(events.Key("space" if char == " " else char, char))


async def test_keys_typed_after_enter_go_to_the_next_request(dev_project, ui_config, router,
                                                             until):
    config = ui_config(dev_project, auto=0.0)  # Enter runs the top prediction at once
    app = build(dev_project, config, router)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.status.facts.router == "ready", what="the router")
        await type_and_settle(pilot, app, until, REQUEST)
        post_keys(app, "enter", NEXT)
        await wait_for_run(pilot, app, until)
        await until(pilot, lambda: app.prompt.value == NEXT, timeout=30,
                    what=f"{NEXT!r} in the input (it holds {app.prompt.value!r})")
        assert [entry.text for entry in calls(app)] == [REQUEST]
        assert app.state.history[-1] == REQUEST


async def test_keys_typed_before_tab_are_in_the_text_tab_sees(dev_project, ui_config, router,
                                                              until):
    app = build(dev_project, ui_config(dev_project), router)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.status.facts.router == "ready", what="the router")
        await type_and_settle(pilot, app, until, REQUEST)
        # " now" reaches the input before Tab: Tab sees the longer text, whose prediction is
        # not on screen yet, so it runs nothing, and the input keeps every key.
        post_keys(app, " now", "tab", NEXT)
        await until(pilot, lambda: app.prompt.value == f"{REQUEST} now{NEXT}", timeout=30,
                    what=f"every key in the input (it holds {app.prompt.value!r})")
        await pilot.pause(0.2)
        assert calls(app) == []


async def test_keys_typed_after_tab_wait_for_the_run_in_the_input(dev_project, ui_config,
                                                                 router, until):
    app = build(dev_project, ui_config(dev_project), router)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.status.facts.router == "ready", what="the router")
        await type_and_settle(pilot, app, until, REQUEST)
        post_keys(app, "tab", NEXT, "backspace", "m")
        await wait_for_run(pilot, app, until)
        await until(pilot, lambda: app.prompt.value == NEXT, timeout=30,
                    what=f"{NEXT!r} in the input (it holds {app.prompt.value!r})")
        assert [entry.text for entry in calls(app)] == [REQUEST]
