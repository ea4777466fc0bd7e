"""`execute`: scripts, directives step by step, permissions, input checks and writes."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from kiwi_term.config import TrustStore
from kiwi_term.errors import KiwiError, PermissionRefused, UnknownItem
from kiwi_term.primitives import Kiwi

ECHO = '''\
"""Echo the arguments and the environment it was given.

Tags: test
"""
import argparse
import json
import os
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--name", required=True)
parser.add_argument("--count", default="1")
parser.add_argument("--fail", default="no")
args = parser.parse_args()
print(json.dumps({"name": args.name, "count": args.count, "cwd": os.getcwd(),
                  "greeting": os.environ.get("GREETING")}))
print("a note on stderr", file=sys.stderr)
sys.exit(3 if args.fail == "yes" else 0)
'''

SLEEPER = '"""Sleep for a long time."""\nimport time\ntime.sleep(30)\n'
CHATTY = '"""Print a lot."""\nprint("x" * 10000)\nprint("END")\n'
MARKER = '''\
"""Leave a marker file behind."""
import argparse
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("--target", required=True)
args = parser.parse_args()
Path(args.target).write_text("ran")
print("marked " + args.target)
'''

RULES = "---\ntitle: House rules\n---\nAlways leave a marker.\n"


def directive(name: str, *, permissions: tuple[str, ...] = (), inputs: str = "",
              steps: str = "") -> str:
    perms = "".join(f"<permission>{p}</permission>" for p in permissions)
    return (
        f'<directive name="{name}" version="1.0.0"><metadata>'
        f"<description>Test directive {name}.</description><permissions>{perms}</permissions>"
        f"</metadata><inputs>{inputs}</inputs><process>{steps}</process>"
        f"<outputs><success>Marked {{target}}</success><failure>No mark</failure></outputs>"
        f"</directive>\n"
    )


MARK_STEPS = (
    '<step name="mark" script="marker">Mark {target}.</step>'
    '<step name="rules" knowledge="rules">Read the rules.</step>'
    '<step name="report">Tell the user about {target}.</step>'
)
TARGET_INPUT = '<input name="target" type="path" required="true">Where to mark</input>'


@pytest.fixture
def ai(project: Path, put) -> Path:
    ai = project / ".ai"
    put(ai / "scripts/echo.py", ECHO)
    put(ai / "scripts/marker.py", MARKER)
    put(ai / "knowledge/rules.md", RULES)
    return ai


@pytest.fixture
def kiwi(project: Path, ai: Path) -> Kiwi:
    return Kiwi(project)


# -- scripts -----------------------------------------------------------------------------------


def test_a_script_runs_with_name_value_arguments(kiwi: Kiwi, project: Path) -> None:
    result = kiwi.execute("script", "echo", params={"name": "ada", "count": 2})
    assert result["status"] == "ok" and result["exit_code"] == 0
    out = json.loads(result["stdout"])
    assert out["name"] == "ada" and out["count"] == "2"
    assert Path(out["cwd"]) == project.resolve()
    assert result["stderr"].strip() == "a note on stderr"


def test_a_failing_script_reports_its_exit_code(kiwi: Kiwi) -> None:
    result = kiwi.execute("script", "echo", params={"name": "x", "fail": "yes"})
    assert (result["status"], result["exit_code"]) == ("failed", 3)


def test_the_project_env_file_is_applied(kiwi: Kiwi, project: Path) -> None:
    (project / ".env").write_text("GREETING=hello from .env\n")
    result = kiwi.execute("script", "echo", params={"name": "x"})
    assert json.loads(result["stdout"])["greeting"] == "hello from .env"


def test_a_script_past_its_timeout_is_killed(project: Path, ai: Path, put) -> None:
    put(ai / "scripts/sleeper.py", SLEEPER)
    put(ai / "kiwi.toml", "[execute]\ntimeout = 0.5\n")
    # [execute] of a project's config applies only once the user trusts the file.
    TrustStore().trust(project)
    start = time.monotonic()
    result = Kiwi(project).execute("script", "sleeper")
    assert time.monotonic() - start < 10
    assert result["status"] == "failed" and result["error"] == "timed out"
    assert "killed after 0.5 s" in result["stderr"]


def test_long_output_is_saved_and_truncated(kiwi: Kiwi, ai: Path, put) -> None:
    put(ai / "scripts/chatty.py", CHATTY)
    kiwi.library.refresh()
    result = kiwi.execute("script", "chatty")
    saved = Path(result["full_output"])
    assert saved.parent == ai / "outputs/scripts/chatty"
    assert "x" * 10000 in saved.read_text() and "END" in saved.read_text()
    assert len(result["stdout"]) < 4096 + 200
    assert "output truncated" in result["stdout"] and "END" not in result["stdout"]


def test_script_params_are_checked(kiwi: Kiwi) -> None:
    with pytest.raises(KiwiError, match="no option --colour"):
        kiwi.execute("script", "echo", params={"name": "x", "colour": "red"})
    with pytest.raises(KiwiError, match="missing required parameter name"):
        kiwi.execute("script", "echo", params={})
    with pytest.raises(KiwiError, match="plain value"):
        kiwi.execute("script", "echo", params={"name": ["a", "b"]})


def test_knowledge_cannot_be_run(kiwi: Kiwi) -> None:
    with pytest.raises(KiwiError, match="cannot be run"):
        kiwi.execute("knowledge", "rules")


# -- directives --------------------------------------------------------------------------------


def test_a_directive_runs_step_by_step(kiwi: Kiwi, ai: Path, put, tmp_path: Path) -> None:
    put(ai / "directives/mark.xml", directive(
        "mark", permissions=("run:script", "read:files"), inputs=TARGET_INPUT, steps=MARK_STEPS))
    target = tmp_path / "marker.txt"
    events: list[dict] = []
    result = kiwi.execute("directive", "mark", params={"target": str(target)},
                          progress=events.append)

    assert target.read_text() == "ran"
    assert result["status"] == "waiting_for_orchestrator"
    assert result["message"] == f"Marked {target}"
    mark, rules, report = result["steps"]
    assert (mark["kind"], mark["status"], mark["exit_code"]) == ("script", "ok", 0)
    assert (rules["kind"], rules["status"]) == ("knowledge", "ok")
    assert rules["body"] == "Always leave a marker."
    assert (report["kind"], report["status"]) == ("reasoning", "waiting")
    assert "waiting for the orchestrator" in report["detail"]
    assert report["instruction"] == f"Tell the user about {target}."
    assert [(e["step"], e["status"]) for e in events] == [
        ("mark", "running"), ("mark", "ok"), ("rules", "running"), ("rules", "ok"),
        ("report", "running"), ("report", "waiting"),
    ]


def test_a_failed_step_skips_the_rest(kiwi: Kiwi, ai: Path, put) -> None:
    steps = ('<step name="boom" script="echo">Fail.</step>'
             '<step name="rules" knowledge="rules">Never reached.</step>')
    inputs = ('<input name="name" type="string" required="true">n</input>'
              '<input name="fail" type="string" default="yes">f</input>')
    put(ai / "directives/boom.xml", directive("boom", inputs=inputs, steps=steps))
    result = kiwi.execute("directive", "boom", params={"name": "x"})
    assert result["status"] == "failed" and result["message"] == "No mark"
    assert [s["status"] for s in result["steps"]] == ["failed", "skipped"]


def test_a_missing_grant_refuses_the_whole_run(kiwi: Kiwi, ai: Path, put, tmp_path) -> None:
    put(ai / "directives/risky.xml", directive(
        "risky", permissions=("write:files", "network"), inputs=TARGET_INPUT, steps=MARK_STEPS))
    target = tmp_path / "marker.txt"
    events: list[dict] = []
    with pytest.raises(PermissionRefused) as refused:
        kiwi.execute("directive", "risky", params={"target": str(target)},
                     progress=events.append)
    message = str(refused.value)
    assert "'network', 'write:files'" in message and "nothing was run" in message
    assert "--grant network --grant write:files" in message and "config.toml" in message
    assert not target.exists() and events == []

    result = kiwi.execute("directive", "risky", params={"target": str(target)},
                          extra_grants=frozenset({"write:files", "network"}))
    assert result["steps"][0]["status"] == "ok" and target.read_text() == "ran"


def test_a_step_naming_a_missing_item_refuses_before_running(kiwi: Kiwi, ai: Path, put,
                                                             tmp_path: Path) -> None:
    steps = MARK_STEPS + '<step name="ghost" script="no_such_script">Boo.</step>'
    put(ai / "directives/ghostly.xml", directive("ghostly", inputs=TARGET_INPUT, steps=steps))
    target = tmp_path / "marker.txt"
    with pytest.raises(UnknownItem, match="no_such_script"):
        kiwi.execute("directive", "ghostly", params={"target": str(target)})
    assert not target.exists()


TYPED_INPUTS = (
    '<input name="folder" type="path" required="true">f</input>'
    '<input name="label" type="string" default="none">l</input>'
    '<input name="apply" type="bool" default="false">a</input>'
    '<input name="count" type="int" default="3">c</input>'
)


def test_directive_inputs_are_typed_and_defaulted(kiwi: Kiwi, ai: Path, put) -> None:
    put(ai / "directives/typed.xml", directive(
        "typed", inputs=TYPED_INPUTS, steps='<step name="think">Look at {folder}.</step>'))
    result = kiwi.execute("directive", "typed", params={"folder": "photos", "count": "7"})
    assert result["inputs"] == {"folder": "photos", "label": "none", "apply": False, "count": 7}
    assert result["steps"][0]["instruction"] == "Look at photos."


@pytest.mark.parametrize(("params", "match"), [
    ({}, "needs input 'folder'"),
    ({"folder": "x", "count": "many"}, "input 'count' must be int"),
    ({"folder": "x", "apply": "perhaps"}, "input 'apply' must be bool"),
    ({"folder": "x", "colour": "red"}, "has no input colour"),
])
def test_bad_directive_inputs_are_refused(kiwi: Kiwi, ai: Path, put, params, match) -> None:
    put(ai / "directives/typed.xml", directive(
        "typed", inputs=TYPED_INPUTS, steps='<step name="think">Think.</step>'))
    with pytest.raises(KiwiError, match=match):
        kiwi.execute("directive", "typed", params=params)


# -- create, update, delete --------------------------------------------------------------------

NOTE = "---\ntitle: Packing list\ntags: [travel]\n---\nPassport, charger.\n"


def _leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def test_create_update_delete_knowledge(kiwi: Kiwi, ai: Path) -> None:
    created = kiwi.execute("knowledge", "packing", "create", {"content": NOTE})
    path = ai / "knowledge/packing.md"
    assert Path(created["path"]) == path and path.read_text() == NOTE
    assert kiwi.load("knowledge", "packing")["title"] == "Packing list"

    with pytest.raises(KiwiError, match="already exists"):
        kiwi.execute("knowledge", "packing", "create", {"content": NOTE.replace("Pass", "X")})
    assert path.read_text() == NOTE

    kiwi.execute("knowledge", "packing", "update", {"content": NOTE.replace("charger", "socks")})
    assert "socks" in kiwi.load("knowledge", "packing")["body"]

    deleted = kiwi.execute("knowledge", "packing", "delete")
    assert not path.exists()
    kept = Path(deleted["kept_at"])
    assert kept.is_relative_to(ai / "outputs/trash") and "socks" in kept.read_text()
    with pytest.raises(UnknownItem):
        kiwi.load("knowledge", "packing")
    assert _leftovers(ai) == []


@pytest.mark.parametrize(("item_type", "content"), [
    ("knowledge", "---\ntags: [no title]\n---\nBody\n"),
    ("script", "print('no docstring')\n"),
    ("script", '"""Broken."""\ndef f(:\n'),
    ("directive", "<directive name='other'><metadata><description>x</description>"
                  "</metadata></directive>"),
    ("directive", "<directive name='bad'><metadata>"),
])
def test_invalid_content_is_refused_and_nothing_written(kiwi: Kiwi, ai: Path, item_type: str,
                                                        content: str) -> None:
    before = sorted(ai.rglob("*"))
    with pytest.raises(KiwiError):
        kiwi.execute(item_type, "bad", "create", {"content": content})
    assert sorted(ai.rglob("*")) == before


def test_an_invalid_update_keeps_the_old_file(kiwi: Kiwi, ai: Path) -> None:
    path = ai / "knowledge/rules.md"
    with pytest.raises(KiwiError, match="title"):
        kiwi.execute("knowledge", "rules", "update", {"content": "---\n---\nno title\n"})
    assert path.read_text() == RULES and _leftovers(ai) == []


def test_update_and_delete_need_an_existing_item(kiwi: Kiwi) -> None:
    for action in ("update", "delete"):
        with pytest.raises(KiwiError, match="no knowledge 'ghost'"):
            kiwi.execute("knowledge", "ghost", action, {"content": NOTE})


def test_create_from_a_template(kiwi: Kiwi) -> None:
    kiwi.execute("script", "hello", "create",
                 {"description": "Say hello", "tags": "greeting, demo"})
    script = kiwi.load("script", "hello")
    assert script["description"] == "Say hello" and script["tags"] == ["greeting", "demo"]
    assert kiwi.execute("script", "hello")["status"] == "ok"


def _snapshot(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


BAD_IDS = ["../escape", "a/b", "/etc/passwd", "..", "Upper", "sub\\dir", "x.py", ""]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_ids_that_could_be_paths_are_refused_everywhere(kiwi: Kiwi, tmp_path: Path,
                                                        bad: str) -> None:
    before = _snapshot(tmp_path)
    with pytest.raises(KiwiError):
        kiwi.load("script", bad)
    with pytest.raises(KiwiError):
        kiwi.execute("script", bad, params={"name": "x"})
    for action in ("create", "update", "delete"):
        with pytest.raises(KiwiError):
            kiwi.execute("knowledge", bad, action, {"content": NOTE})
    assert _snapshot(tmp_path) == before


def test_a_step_naming_a_path_is_refused(kiwi: Kiwi, ai: Path, put) -> None:
    put(ai / "directives/sneaky.xml", directive(
        "sneaky", steps='<step name="s" script="../../evil">Run it.</step>'))
    with pytest.raises(KiwiError, match="invalid item_id"):
        kiwi.execute("directive", "sneaky")


@pytest.mark.parametrize(("call", "match"), [
    (("gadget", "echo"), "item_type must be one of"),
    (("script", "echo", "explode"), "action must be one of"),
    (("script", "echo", "run", {"name": "x"}, "elsewhere"), "source must be one of"),
])
def test_bad_arguments_are_refused(kiwi: Kiwi, call: tuple, match: str) -> None:
    with pytest.raises(KiwiError, match=match):
        kiwi.execute(*call)
