"""A run's params outside the terminal: through the MCP server (in memory, through its
`Client`), in `kiwi route --json` with the real router, and from the interaction log into
`kiwi log export --format eval` and on through `kiwi eval`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from mcp import Client

from kiwi_term.interactions import InteractionLog
from kiwi_term.mcp_server import make_server
from kiwi_term.primitives import Kiwi

RESIZE = '''\
"""Resize the images in a folder.

Tags: images
"""
import argparse
import json
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("--folder", required=True, help="the folder of images")
parser.add_argument("--width", type=int, default=800, help="width in pixels")
args = parser.parse_args()
Path("ran.txt").write_text(json.dumps(vars(args)))
print(json.dumps(vars(args)))
'''

SCALE = '''\
"""Scale the images in a folder to a width.

Tags: images
"""
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--folder", default=".", help="the folder of images")
parser.add_argument("--width", type=int, required=True, help="width in pixels")
args = parser.parse_args()
print(args.width)
'''

LEADS = '''\
<directive name="tag_leads" version="1.0.0"><metadata>
<description>Tag the leads in a CSV file.</description></metadata>
<inputs><input name="file" type="path" required="true">CSV of leads</input></inputs>
<process><step name="think">Tag them.</step></process></directive>
'''


@pytest.fixture
def resizing(project: Path, put: Callable[[Path, str], Path]) -> Path:
    put(project / ".ai/scripts/resize_images.py", RESIZE)
    put(project / ".ai/directives/tag_leads.xml", LEADS)
    return project


async def test_mcp_passes_params_through_and_refuses_a_missing_required_one(
        resizing: Path) -> None:
    server = make_server(Kiwi(resizing), allow_execute=True)
    run = {"item_type": "script", "item_id": "resize_images", "action": "run"}
    async with Client(server) as client:
        missing = await client.call_tool("execute", run)
        blank = await client.call_tool("execute", {**run, "params": {"folder": " "}})
        directive = await client.call_tool("execute", {
            "item_type": "directive", "item_id": "tag_leads", "params": {"width": 3}})
        wrong = await client.call_tool("execute", {**run, "params": {"folder": "a",
                                                                    "width": "wide"}})
        assert not (resizing / "ran.txt").exists()  # nothing ran for any of them
        ran = await client.call_tool("execute", {**run, "params": {"folder": "assets",
                                                                  "width": "640"}})
    for refused in (missing, blank):
        assert refused.is_error
        assert ("missing required parameter folder (text): the folder of images; nothing ran"
                in refused.content[0].text)
    assert directive.is_error and "has no input width" in directive.content[0].text
    assert wrong.is_error and "--width 'wide' is not a number" in wrong.content[0].text
    assert not ran.is_error, ran.content[0].text
    assert json.loads((resizing / "ran.txt").read_text()) == {"folder": "assets", "width": 640}
    assert json.loads(ran.structured_content["stdout"]) == {"folder": "assets", "width": 640}


@pytest.mark.slow
def test_route_json_carries_each_runs_params_and_the_required_ones_missing(
        run_kiwi, dev_project: Path, put: Callable[[Path, str], Path]) -> None:
    put(dev_project / ".ai/scripts/scale_images.py", SCALE)
    # The text gives the folder and no number: nothing can fill the required width.
    text = "run the scale_images script folder=assets"
    result = run_kiwi("route", text, "--project", dev_project, "--json", timeout=600)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    top = data["predictions"][0]
    assert top["arguments"]["item_id"] == "scale_images"
    assert top["arguments"]["params"] == {"folder": "assets"}
    assert top["missing"] == ["width"]
    for prediction in data["predictions"]:
        runs = prediction["name"] == "execute" and prediction["arguments"].get(
            "action", "run") == "run"
        assert ("missing" in prediction) == runs
    plain = run_kiwi("route", text, "--project", dev_project, timeout=600)
    assert plain.returncode == 0, plain.stderr
    first = plain.stdout.splitlines()[0]
    assert "execute(script, scale_images, folder=assets)  (needs width)" in first


@pytest.mark.slow
def test_a_users_corrected_params_become_an_eval_case_kiwi_eval_judges(
        run_kiwi, dev_project: Path, tmp_path: Path) -> None:
    proposed = {"name": "execute", "arguments": {
        "item_type": "script", "item_id": "csv_parser", "action": "run",
        "params": {"file": "march.csv"}}}
    corrected = {"name": "execute", "arguments": {**proposed["arguments"],
                                                  "params": {"file": "exports/march.csv"}}}
    with InteractionLog(project=str(dev_project)) as log:
        pid = log.prediction_shown("parse the march export", [], [{**proposed,
                                                                   "confidence": 0.9}],
                                   5.0, "warm")
        log.user_action(pid, "corrected", rank=1, call=corrected)
        log.execution(corrected, "router", 20.0, "ok", prediction_id=pid)
    cases = tmp_path / "mine.jsonl"
    exported = run_kiwi("log", "export", "--format", "eval", "-o", cases)
    assert exported.returncode == 0, exported.stderr
    (case,) = [json.loads(line) for line in cases.read_text().splitlines()]
    assert case["expect"]["arguments"]["params"] == {"file": "exports/march.csv"}
    result = run_kiwi("eval", cases, "--project", dev_project, "--router", "embedding",
                      "--json", timeout=600)
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert metrics["cases"] == 1 and metrics["params_cases"] == 1
    # The text does not say the corrected path, so the call is not whole: judged wrong.
    assert metrics["params_accuracy"] == 0.0
