"""A run's params against its item's inputs, with no screen: which required ones are missing,
how the suggestion line writes them, the params editor's form, the execute path's refusals,
and the log's exports of the params that ran."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiwi_term.calls import ToolCall
from kiwi_term.errors import KiwiError
from kiwi_term.interactions import InteractionLog, export, history
from kiwi_term.library.items import Input, ItemType
from kiwi_term.library.params import ParamRefused, check_value, missing_inputs, shown
from kiwi_term.primitives import Kiwi
from kiwi_term.ui.params_form import ParamsForm
from kiwi_term.ui.prompt import ghost_for
from kiwi_term.ui.render import call_head, call_line, param_parts
from predictors.router.base import Prediction, RouteResult

RESIZE = '''\
"""Resize the images in a folder.

Tags: images
"""
import argparse
import json
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("--folder", required=True, default="unused", help="the folder of images")
parser.add_argument("--width", type=int, default=800, help="width in pixels")
parser.add_argument("--format", choices=["png", "jpg", "webp"], default="png")
args = parser.parse_args()
Path("ran.txt").write_text(json.dumps(vars(args)))
print(json.dumps(vars(args)))
'''

LEADS = '''\
<directive name="tag_leads" version="1.0.0"><metadata>
<description>Tag the leads in a CSV file.</description></metadata>
<inputs>
  <input name="file" type="path" required="true">CSV of leads</input>
  <input name="tag" type="string" required="true" default="new">The tag to add</input>
  <input name="limit" type="int">Leads at most</input>
</inputs>
<process><step name="think">Tag them.</step></process></directive>
'''


@pytest.fixture
def kiwi(project: Path, put) -> Kiwi:
    put(project / ".ai/scripts/resize_images.py", RESIZE)
    put(project / ".ai/directives/tag_leads.xml", LEADS)
    put(project / ".ai/knowledge/notes.md", "---\ntitle: Notes\n---\nbody\n")
    return Kiwi(project)


def run_call(item_type: str, item_id: str, **params) -> ToolCall:
    arguments: dict = {"item_type": item_type, "item_id": item_id, "action": "run"}
    if params:
        arguments["params"] = params
    return ToolCall("execute", arguments)


def names(inputs: list[Input]) -> list[str]:
    return [spec.name for spec in inputs]


# -- what is missing, what is refused --------------------------------------------------------

def test_a_required_input_without_a_value_is_missing(kiwi: Kiwi) -> None:
    script = kiwi.get_item(ItemType.SCRIPT, "resize_images")
    directive = kiwi.get_item(ItemType.DIRECTIVE, "tag_leads")
    # argparse refuses a required option whatever its default: the default fills nothing.
    assert names(missing_inputs(script, {})) == ["folder"]
    assert names(missing_inputs(script, {"folder": "  "})) == ["folder"]
    assert names(missing_inputs(script, {"folder": "assets"})) == []
    # A directive's default does fill its input.
    assert names(missing_inputs(directive, None)) == ["file"]
    assert names(missing_inputs(directive, {"file": "", "tag": ""})) == ["file"]
    assert names(missing_inputs(directive, {"file": "leads.csv"})) == []


def test_a_typed_value_is_checked_against_its_input() -> None:
    width = Input("width", "int")
    assert check_value(width, " 640 ") == 640
    assert check_value(width, "") is None
    with pytest.raises(ParamRefused, match=r"width: 'wide' is not a number \(it takes a whole"):
        check_value(width, "wide")
    fmt = Input("format", choices=("png", "jpg"))
    with pytest.raises(ParamRefused, match="'gif' is not one of png, jpg"):
        check_value(fmt, "gif")
    folder = Input("folder", "path", required=True, description="the folder of images")
    with pytest.raises(ParamRefused, match="folder: is required .the folder of images."):
        check_value(folder, " ")
    assert check_value(Input("tag", required=True, default="new"), "") is None
    with pytest.raises(ParamRefused):
        check_value(Input("tag", required=True, default="new"), "", defaults_fill=False)


def test_the_execute_path_refuses_a_run_missing_a_required_param(kiwi: Kiwi,
                                                                 project: Path) -> None:
    for params in ({}, {"folder": ""}, {"folder": "   ", "width": 10}):
        with pytest.raises(KiwiError, match=r"missing required parameter folder \(text\): the "
                                            r"folder of images; nothing ran \(give folder="):
            kiwi.execute("script", "resize_images", params=params)
    assert not (project / "ran.txt").exists()
    with pytest.raises(KiwiError, match="needs input 'file' .path.: CSV of leads; nothing ran"):
        kiwi.execute("directive", "tag_leads", params={"file": " "})
    result = kiwi.execute("script", "resize_images", params={"folder": "assets", "width": "64"})
    assert json.loads((project / "ran.txt").read_text())["width"] == 64, result


def test_run_target_is_the_item_a_run_runs(kiwi: Kiwi) -> None:
    assert kiwi.run_target(run_call("script", "resize_images")).id == "resize_images"
    assert kiwi.run_target(run_call("script", "no_such")) is None
    assert kiwi.run_target(run_call("knowledge", "notes")) is None
    load = ToolCall("load", {"item_type": "script", "item_id": "resize_images"})
    assert kiwi.run_target(load) is None


# -- the suggestion line ---------------------------------------------------------------------

def test_the_suggestion_line_shows_params_and_the_required_ones_left_empty(kiwi: Kiwi) -> None:
    script = kiwi.get_item(ItemType.SCRIPT, "resize_images")
    call = run_call("script", "resize_images", width=640, format="webp")
    assert call_head(call) == "execute(script, resize_images)"
    assert param_parts(call, script) == [("width=640", False), ("format=webp", False),
                                         ("folder=?", True)]
    assert call_line(call, script) == (
        "execute(script, resize_images)  width=640  format=webp  folder=?")
    spaced = run_call("directive", "tag_leads", file="my leads.csv", tag="hot")
    assert call_line(spaced) == 'execute(directive, tag_leads)  file="my leads.csv"  tag=hot'
    assert shown(True) == "true" and shown("") == '""'
    search = ToolCall("search", {"item_type": "script", "query": "resize"})
    assert call_line(search, script) == call_head(search) == search.readable()
    result = RouteResult("shrink the photos", (Prediction(call, 0.91),))
    ghost = ghost_for(result, 120, script)
    assert ghost is not None and "width=640  format=webp  folder=?  91%" in ghost


# -- the params editor's form ----------------------------------------------------------------

def test_the_form_has_a_field_per_input_prefilled_and_starts_at_the_missing_one(
        kiwi: Kiwi) -> None:
    script = kiwi.get_item(ItemType.SCRIPT, "resize_images")
    form = ParamsForm.for_call(run_call("script", "resize_images", width=640), script)
    assert [(f.spec.name, f.text) for f in form.fields] == [
        ("folder", ""), ("width", "640"), ("format", "")]
    assert form.focus == 0 and form.missing == ("folder",)
    assert form.fields[0].label == "folder (string, required)"
    assert form.fields[2].label == "format (png|jpg|webp)"
    with pytest.raises(ParamRefused, match="folder: is required"):
        form.checked(["", "640", ""])
    with pytest.raises(ParamRefused, match="format: 'gif' is not one of png, jpg, webp"):
        form.checked(["assets", "640", "gif"])
    edited = form.checked(["assets", "640", "JPG"])
    assert edited.arguments["params"] == {"folder": "assets", "width": 640, "format": "jpg"}
    assert form.edited(edited)
    same = ParamsForm.for_call(run_call("script", "resize_images", folder="a", width="640"),
                               script)
    assert same.focus == 0 and not same.missing
    assert not same.edited(same.checked(["a", "640", ""]))  # "640" proposed, 640 typed: same
    assert same.edited(same.checked(["a", "", ""]))  # a param cleared is an edit


def test_a_param_the_schema_does_not_declare_gets_a_field_of_its_own(kiwi: Kiwi) -> None:
    directive = kiwi.get_item(ItemType.DIRECTIVE, "tag_leads")
    form = ParamsForm.for_call(run_call("directive", "tag_leads", file="a.csv", colour="red"),
                               directive)
    assert [f.spec.name for f in form.fields] == ["file", "tag", "limit", "colour"]
    assert form.fields[-1].label == "colour (not declared)"
    assert form.focus == 0 and form.missing == ()
    # The directive's default fills an empty required input; clearing `colour` drops it.
    call = form.checked(["b.csv", "", "5", ""])
    assert call.arguments["params"] == {"file": "b.csv", "limit": 5}
    bare = ParamsForm.for_call(run_call("script", "other", n="1"), None)
    assert [(f.spec.name, f.text, f.declared) for f in bare.fields] == [("n", "1", True)]
    assert ParamsForm.for_call(run_call("script", "other"), None).fields == ()


# -- the log and its exports -----------------------------------------------------------------

def as_dict(call: ToolCall, confidence: float | None = None) -> dict:
    data = call.to_dict()
    return data if confidence is None else {**data, "confidence": confidence}


def test_corrected_params_are_logged_and_exported_as_the_expected_call(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite"
    proposed = run_call("script", "resize_images", folder="assets", width=400)
    corrected = run_call("script", "resize_images", folder="assets", width=800)
    bare = run_call("script", "csv_parser")
    cleared = ToolCall("execute", {**run_call("script", "resize_images").arguments,
                                   "params": {}})
    secret = run_call("script", "deploy", api_token="abcdefgh1234")
    with InteractionLog(db) as log:
        p1 = log.prediction_shown("resize assets to 800 wide", ["cleanup"],
                                  [as_dict(proposed, 0.9)], 5.0, "warm")
        log.user_action(p1, "corrected", rank=1, call=as_dict(corrected))
        log.execution(as_dict(corrected), "router", 30.0, "ok", prediction_id=p1)
        p2 = log.prediction_shown("parse march", [], [as_dict(proposed, 0.9)], 5.0, "cold")
        log.user_action(p2, "accepted_tab", rank=1, call=as_dict(proposed))
        p3 = log.prediction_shown("parse the csv", [], [as_dict(bare, 0.9)], 5.0, "cold")
        log.user_action(p3, "accepted_tab", rank=1, call=as_dict(bare))
        p4 = log.prediction_shown("resize them", [], [as_dict(proposed, 0.9)], 5.0, "cold")
        log.user_action(p4, "corrected", rank=1, call=as_dict(cleared))
        p5 = log.prediction_shown("deploy", [], [as_dict(secret, 0.9)], 5.0, "cold")
        log.user_action(p5, "accepted_tab", rank=1, call=as_dict(secret))
    decisions = history.load(db).decisions
    assert [d.corrected for d in decisions] == [True, False, False, True, False]
    assert decisions[0].accepted and decisions[0].correct  # the item was right
    assert decisions[0].used["arguments"]["params"] == {"folder": "assets", "width": 800}
    cases = {c["text"]: c for c in export.eval_cases(history.load(db))}
    assert cases["resize assets to 800 wide"]["expect"] == {"name": "execute", "arguments": {
        "item_type": "script", "item_id": "resize_images",
        "params": {"folder": "assets", "width": 800}}}
    assert cases["parse march"]["expect"]["arguments"]["params"] == {
        "folder": "assets", "width": 400}
    assert "params" not in cases["parse the csv"]["expect"]["arguments"]
    assert cases["resize them"]["expect"]["arguments"]["params"] == {}
    assert "deploy" not in cases  # a redacted param: what ran is not known
    examples = export.functiongemma_examples(history.load(db))
    trained = [e for e in examples if "resize assets to 800 wide" in e["text"]]
    assert len(trained) == 1 and "width:800" in trained[0]["text"]
