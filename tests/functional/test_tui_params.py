"""A run's params in the terminal, driven key by key through Pilot with the real router on a
copy of the dev library: shown in the suggestion, edited inline with Ctrl+P, asked for when a
required one is missing, checked before anything runs, and logged as the user left them.

The texts name the item, so the router's choice is known; a param comes from a `name=value` in
the text, and the required one left empty is a whole number that no text here holds, so the
router cannot fill it. The interaction log is the real one in a temporary folder.
"""

from __future__ import annotations

import json

import pytest
from textual.suggester import SuggestionReady

from kiwi_term.interactions.log import InteractionLog
from tests.functional.tui_support import build, calls, read_log, type_and_wait, wait_for_run

pytestmark = pytest.mark.slow

RESIZE = '''
    """Resize the images in a folder.

    Tags: images
    """
    import argparse
    import json

    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", default=".", help="the folder of images")
    parser.add_argument("--width", type=int, required=True, help="width in pixels")
    args = parser.parse_args()
    print(json.dumps(vars(args)))
'''

ARCHIVE = """
    <directive name="archive_logs" version="1.0.0"><metadata>
    <description>Archive the log files older than some days.</description></metadata>
    <inputs><input name="days" type="int" required="true">Age in days</input></inputs>
    <process><step name="think">Archive them.</step></process></directive>
"""

CSV_TEXT = "run the csv_parser script file=data.csv"
RESIZE_TEXT = "run the resize_images script folder=assets"


@pytest.fixture
def project(dev_project, put):
    """The dev library with a script whose --width and a directive whose days are required."""
    put(dev_project / ".ai/scripts/resize_images.py", RESIZE)
    put(dev_project / ".ai/directives/archive_logs.xml", ARCHIVE)
    return dev_project


def top_call(app):
    return app.current_result().top.call


def editor_values(app) -> dict[str, str]:
    form = app.editor.form
    return {f.spec.name: box.value for f, box in zip(form.fields, app.editor.fields,
                                                       strict=True)}


def focused_field(app) -> str | None:
    fields = app.editor.fields
    if app.focused not in fields:
        return None
    return app.editor.form.fields[fields.index(app.focused)].spec.name


async def open_editor(pilot, app, until) -> None:
    await pilot.press("ctrl+p")
    await until(pilot, lambda: app.editor.is_open and focused_field(app) is not None,
                what="the params editor")


async def test_the_suggestion_line_shows_a_runs_params(project, ui_config, router, until):
    app = build(project, ui_config(project), router)
    seen: list = []
    async with app.run_test(size=(120, 36), message_hook=seen.append) as pilot:
        await type_and_wait(pilot, app, until, CSV_TEXT)
        call = top_call(app)
        assert call.arguments["item_id"] == "csv_parser"
        assert call.arguments["params"] == {"file": "data.csv"}
        panel = str(app.panel.render())
        assert "execute(script, csv_parser)  file=data.csv" in panel
        ghosts = [m.suggestion for m in seen
                  if isinstance(m, SuggestionReady) and m.value == CSV_TEXT]
        assert any("⇥ ▶ execute(script, csv_parser)  file=data.csv" in g for g in ghosts)
        # A required input the text leaves empty shows as `name=?`.
        await pilot.press("ctrl+u")
        await type_and_wait(pilot, app, until, RESIZE_TEXT)
        assert top_call(app).arguments["item_id"] == "resize_images"
        assert "execute(script, resize_images)  folder=assets  width=?" in str(
            app.panel.render())


async def test_ctrl_p_edits_the_params_and_enter_runs_the_edited_call(
        project, ui_config, router, until, tmp_path):
    log = InteractionLog(tmp_path / "log.sqlite3", project=project)
    app = build(project, ui_config(project), router, log=log)
    async with app.run_test(size=(120, 36)) as pilot:
        await type_and_wait(pilot, app, until, CSV_TEXT)
        proposed = top_call(app)
        await open_editor(pilot, app, until)
        assert editor_values(app) == {"file": "data.csv"} and focused_field(app) == "file"
        assert not calls(app)
        await pilot.press("ctrl+u", *"exports/march.csv", "enter")
        await wait_for_run(pilot, app, until)
        assert not app.editor.is_open and app.focused is app.prompt
        entry = calls(app)[0]
        assert entry.status == "ok" and entry.chosen_by == "edited"
        assert entry.title == "execute(script, csv_parser, file=exports/march.csv)"
        assert any('"file": "exports/march.csv"' in line for line in entry.lines), entry.lines
        assert app.prompt.value == "" and app.state.history == [CSV_TEXT]
    app.recorder.close()
    logged = read_log(log)
    decision = logged.decisions[-1]
    assert decision.action == "corrected" and decision.corrected and decision.rank == 1
    assert decision.used["arguments"]["params"] == {"file": "exports/march.csv"}
    assert decision.top["arguments"]["params"] == proposed.arguments["params"]
    ran = logged.executions[-1]
    assert ran["call"]["arguments"]["params"] == {"file": "exports/march.csv"}
    assert ran["chosen_by"] == "router" and ran["prediction_id"] == decision.prediction_id


async def test_esc_closes_the_editor_and_changes_nothing_then_tab_runs_as_shown(
        project, ui_config, router, until):
    app = build(project, ui_config(project), router)
    async with app.run_test(size=(120, 36)) as pilot:
        await type_and_wait(pilot, app, until, CSV_TEXT)
        await open_editor(pilot, app, until)
        await pilot.press("ctrl+u", *"other.csv", "escape")
        assert not app.editor.is_open and app.focused is app.prompt
        assert app.prompt.value == CSV_TEXT and not calls(app)
        assert app.current_result() is not None  # the suggestion is still there
        await pilot.press("tab")
        await wait_for_run(pilot, app, until)
        entry = calls(app)[0]
        assert entry.chosen_by == "Tab"
        assert entry.title == "execute(script, csv_parser, file=data.csv)"
        assert any('"file": "data.csv"' in line for line in entry.lines), entry.lines


async def test_a_wrong_value_is_refused_and_nothing_runs(project, ui_config, router, until):
    app = build(project, ui_config(project), router)
    async with app.run_test(size=(120, 36)) as pilot:
        await type_and_wait(pilot, app, until, RESIZE_TEXT)
        await open_editor(pilot, app, until)
        assert editor_values(app) == {"folder": "assets", "width": ""}
        assert focused_field(app) == "width"  # the required one left empty
        await pilot.press("tab")
        assert focused_field(app) == "folder"  # Tab moves between fields while editing
        await pilot.press("tab", *"wide", "enter")
        await pilot.pause(0.3)
        assert app.editor.is_open and not calls(app) and not app.runs.running
        assert "width: 'wide' is not a number (it takes a whole number)" in app.editor.problem
        assert "nothing ran" in app.editor.problem and focused_field(app) == "width"
        await pilot.press("ctrl+u", "enter")
        await pilot.pause(0.3)
        assert "width: is required (width in pixels)" in app.editor.problem
        assert not calls(app)
        await pilot.press("up")
        assert focused_field(app) == "folder"
        await pilot.press("ctrl+u", *"photos", "down", *"320", "enter")
        await wait_for_run(pilot, app, until)
        entry = calls(app)[0]
        assert entry.status == "ok", entry.lines
        assert json.loads(entry.lines[1]) == {"folder": "photos", "width": 320}


@pytest.mark.parametrize("key", ["tab", "alt+1", "enter"])
async def test_a_missing_required_param_is_asked_for_not_run(
        project, ui_config, router, until, key, tmp_path):
    log = InteractionLog(tmp_path / "log.sqlite3", project=project)
    app = build(project, ui_config(project, auto=0.0, confirm=0.0), router, log=log)
    async with app.run_test(size=(120, 36)) as pilot:
        await type_and_wait(pilot, app, until, RESIZE_TEXT)
        assert top_call(app).arguments["item_id"] == "resize_images"
        await pilot.press(key)
        await until(pilot, lambda: app.editor.is_open and focused_field(app) == "width",
                    what="the editor asking for width")
        assert not calls(app) and not app.runs.running and app.prompt.value == RESIZE_TEXT
        assert editor_values(app) == {"folder": "assets", "width": ""}
        await pilot.press(*"640", "enter")
        await wait_for_run(pilot, app, until)
        entry = calls(app)[0]
        assert entry.status == "ok", entry.lines
        assert json.loads(entry.lines[1]) == {"folder": "assets", "width": 640}
    app.recorder.close()
    decision = read_log(log).decisions[-1]
    assert decision.action == "corrected"
    assert decision.used["arguments"]["params"] == {"folder": "assets", "width": 640}


async def test_a_directives_required_input_is_asked_for_and_esc_runs_nothing(
        project, ui_config, router, until):
    app = build(project, ui_config(project), router)
    async with app.run_test(size=(120, 36)) as pilot:
        text = "run the archive_logs directive"
        await type_and_wait(pilot, app, until, text)
        assert top_call(app).arguments["item_id"] == "archive_logs"
        await pilot.press("tab")
        await until(pilot, lambda: app.editor.is_open and focused_field(app) == "days",
                    what="the editor asking for days")
        await pilot.press("escape")
        await pilot.pause(0.3)
        assert not app.editor.is_open and not calls(app) and app.prompt.value == text
