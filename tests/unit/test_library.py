"""The library on disk: the three formats, broken files, shadowing, reloads and hostile XML."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiwi_term.errors import KiwiError, UnknownItem
from kiwi_term.library.items import ItemType, Source
from kiwi_term.library.store import Library
from kiwi_term.primitives import Kiwi

DIRECTIVE = """\
<directive name="email_validator" version="1.2.0">
  <metadata>
    <description>Validate the email addresses in a leads CSV and flag invalid ones.</description>
    <category>email</category>
    <tags>email, validation, leads</tags>
    <permissions>
      <permission>run:script</permission>
      <permission>read:files</permission>
    </permissions>
  </metadata>
  <inputs>
    <input name="file" type="path" required="true">CSV file with an "email" column</input>
    <input name="strict" type="bool" required="false" default="false">Reject role addresses</input>
  </inputs>
  <process>
    <step name="validate" script="email_validator">Run the validator over {file}.</step>
    <step name="remember" knowledge="email_rules">Apply the team's email rules.</step>
    <step name="report">Summarise how many addresses were invalid and why.</step>
  </process>
  <outputs>
    <success>Validated {count} addresses</success>
    <failure>Could not read {file}</failure>
  </outputs>
</directive>
"""

SCRIPT = '''\
"""Validate the email addresses in a CSV file.

Tags: email, validation
"""
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--file", required=True, help="CSV to check")
parser.add_argument("--column", default="email")
args = parser.parse_args()
print(args.file)
'''

KNOWLEDGE = """\
---
title: Email rules of the sales team
tags: [email, sales]
created: 2026-01-17
---
Role addresses such as info@ are not leads.
"""


def knowledge(title: str, body: str = "Body.") -> str:
    return f"---\ntitle: {title}\n---\n{body}\n"


@pytest.fixture
def ai(project: Path) -> Path:
    return project / ".ai"


def test_parses_a_directive(ai: Path, put) -> None:
    put(ai / "directives/email_validator.xml", DIRECTIVE)
    item = Library(ai, None).get(ItemType.DIRECTIVE, "email_validator")
    assert item.description.startswith("Validate the email addresses")
    assert (item.version, item.category) == ("1.2.0", "email")
    assert item.tags == ("email", "validation", "leads")
    assert item.permissions == ("run:script", "read:files")
    file_input, strict = item.inputs
    assert (file_input.name, file_input.type, file_input.required) == ("file", "path", True)
    assert (strict.type, strict.required, strict.default) == ("bool", False, "false")
    assert [(s.name, s.kind) for s in item.steps] == [
        ("validate", "script"), ("remember", "knowledge"), ("report", "reasoning")
    ]
    assert item.steps[0].script == "email_validator"
    assert item.steps[1].knowledge == "email_rules"
    assert item.outputs == {"success": "Validated {count} addresses",
                            "failure": "Could not read {file}"}


def test_parses_a_script(ai: Path, put) -> None:
    put(ai / "scripts/email_validator.py", SCRIPT)
    item = Library(ai, None).get(ItemType.SCRIPT, "email_validator")
    assert item.description == "Validate the email addresses in a CSV file."
    assert item.tags == ("email", "validation")
    assert [(i.name, i.required, i.description) for i in item.inputs] == [
        ("file", True, "CSV to check"), ("column", False, "")
    ]
    assert item.body == SCRIPT


def test_parses_knowledge(ai: Path, put) -> None:
    put(ai / "knowledge/email_rules.md", KNOWLEDGE)
    item = Library(ai, None).get(ItemType.KNOWLEDGE, "email_rules")
    assert item.title == "Email rules of the sales team"
    assert item.tags == ("email", "sales")
    assert item.created == "2026-01-17"
    assert item.body == "Role addresses such as info@ are not leads."
    assert item.to_dict()["description"] == item.title


BROKEN = [
    pytest.param(
        "directives/broken.xml",
        '<directive name="broken">\n  <metadata>\n    <description>x</metadata>\n</directive>\n',
        3, "XML does not parse", id="directive-xml"),
    pytest.param(
        "directives/nodesc.xml",
        '<directive name="nodesc"><metadata/></directive>\n',
        None, "description> is required", id="directive-no-description"),
    pytest.param(
        "scripts/broken.py",
        '"""A script."""\nimport os\ndef oops(:\n    pass\n',
        3, "Python does not parse", id="script-syntax"),
    pytest.param(
        "scripts/nodoc.py", "print('hi')\n", 1, "module docstring", id="script-no-docstring"),
    pytest.param(
        "knowledge/broken.md",
        "---\ntitle: ok\ntags: [a, b\n---\nBody\n",
        None, "front matter does not parse", id="knowledge-yaml"),
    pytest.param(
        "knowledge/notitle.md", "---\ntags: [a]\n---\nBody\n", 1, "needs a title",
        id="knowledge-no-title"),
]


@pytest.mark.parametrize(("relative", "text", "line", "reason"), BROKEN)
def test_a_broken_file_is_reported_and_the_rest_load(
    ai: Path, put, relative: str, text: str, line: int | None, reason: str
) -> None:
    put(ai / "directives/email_validator.xml", DIRECTIVE)
    put(ai / "scripts/email_validator.py", SCRIPT)
    put(ai / "knowledge/email_rules.md", KNOWLEDGE)
    broken = put(ai / relative, text)
    library = Library(ai, None)
    assert library.counts() == {"directive": 1, "script": 1, "knowledge": 1}
    [error] = library.errors
    assert error.path == broken
    assert reason in error.reason
    if line is not None:
        assert error.line == line
        assert str(error).startswith(f"{broken}:{line}: ")


def test_a_yaml_error_names_a_line(ai: Path, put) -> None:
    put(ai / "knowledge/broken.md", "---\ntitle: ok\ntags: [a, b\n---\nBody\n")
    [error] = Library(ai, None).errors
    assert error.line is not None


def test_an_invalid_file_name_is_reported(ai: Path, put) -> None:
    put(ai / "knowledge/Upper Case.md", knowledge("Shouting"))
    library = Library(ai, None)
    assert len(library) == 0
    assert "not a valid item id" in library.errors[0].reason


def test_project_shadows_user_and_source_selects(ai: Path, user_home: Path, put) -> None:
    put(ai / "knowledge/notes.md", knowledge("Project notes"))
    put(user_home / "knowledge/notes.md", knowledge("User notes"))
    put(user_home / "knowledge/only_user.md", knowledge("Only in user space"))
    library = Library(ai, user_home)
    assert library.get(ItemType.KNOWLEDGE, "notes").title == "Project notes"
    assert library.get(ItemType.KNOWLEDGE, "notes", Source.USER).title == "User notes"
    assert library.get(ItemType.KNOWLEDGE, "only_user").source is Source.USER
    assert [i.id for i in library.items()] == ["notes", "only_user"]
    with pytest.raises(UnknownItem):
        library.get(ItemType.KNOWLEDGE, "only_user", Source.PROJECT)

    kiwi = Kiwi(ai.parent)
    assert kiwi.load("knowledge", "notes")["title"] == "Project notes"
    assert kiwi.load("knowledge", "notes", "user")["title"] == "User notes"
    assert kiwi.load("knowledge", "notes", "project")["source"] == "project"


def _touch_later(path: Path) -> None:
    # Filesystem clocks are coarse: move the mtime on explicitly so the edit is always seen.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def test_reload_reparses_only_what_changed(ai: Path, put) -> None:
    put(ai / "knowledge/a.md", knowledge("A"))
    put(ai / "knowledge/b.md", knowledge("B"))
    put(ai / "scripts/s.py", '"""Say hi."""\nprint("hi")\n')
    library = Library(ai, None)
    a, b, s = (library.get(t, i) for t, i in [
        (ItemType.KNOWLEDGE, "a"), (ItemType.KNOWLEDGE, "b"), (ItemType.SCRIPT, "s")])
    generation = library.generation

    assert library.refresh() is False
    assert library.generation == generation
    assert library.get(ItemType.KNOWLEDGE, "a") is a

    edited = put(ai / "knowledge/a.md", knowledge("A, edited"))
    _touch_later(edited)
    assert library.refresh() is True
    assert library.generation == generation + 1
    assert library.get(ItemType.KNOWLEDGE, "a").title == "A, edited"
    assert library.get(ItemType.KNOWLEDGE, "b") is b
    assert library.get(ItemType.SCRIPT, "s") is s

    put(ai / "knowledge/sub/c.md", knowledge("C"))
    assert library.refresh() is True
    assert library.get(ItemType.KNOWLEDGE, "c").title == "C"
    assert library.get(ItemType.KNOWLEDGE, "b") is b

    (ai / "knowledge/b.md").unlink()
    assert library.refresh() is True
    with pytest.raises(UnknownItem):
        library.get(ItemType.KNOWLEDGE, "b")
    assert library.get(ItemType.SCRIPT, "s") is s
    assert library.generation == generation + 3


def test_a_fixed_file_loads_and_its_error_goes(ai: Path, put) -> None:
    broken = put(ai / "knowledge/n.md", "no front matter\n")
    library = Library(ai, None)
    assert len(library.errors) == 1
    put(broken, knowledge("Now fine"))
    _touch_later(broken)
    library.refresh()
    assert library.errors == []
    assert library.get(ItemType.KNOWLEDGE, "n").title == "Now fine"


BILLION_LAUGHS = """\
<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<directive name="laughs"><metadata><description>&lol3;</description></metadata></directive>
"""

EXTERNAL_ENTITY = """\
<?xml version="1.0"?>
<!DOCTYPE directive [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<directive name="external"><metadata><description>&secret;</description></metadata></directive>
"""


@pytest.mark.parametrize(("name", "text"), [("laughs", BILLION_LAUGHS),
                                            ("external", EXTERNAL_ENTITY)])
def test_xml_entity_attacks_are_refused(ai: Path, put, name: str, text: str) -> None:
    path = put(ai / f"directives/{name}.xml", text)
    library = Library(ai, None)
    assert len(library) == 0
    [error] = library.errors
    assert error.path == path
    assert "unsafe XML refused" in error.reason


def test_duplicate_ids_in_sub_folders_are_reported(ai: Path, put) -> None:
    put(ai / "scripts/one/tool.py", '"""First tool."""\n')
    put(ai / "scripts/two/tool.py", '"""Second tool."""\n')
    library = Library(ai, None)
    assert len(library.items(ItemType.SCRIPT)) == 1
    [error] = library.errors
    assert "duplicate id" in error.reason
    kept = library.get(ItemType.SCRIPT, "tool").path
    assert str(kept) in error.reason and error.path != kept


def test_outputs_are_never_read_as_items(ai: Path, put) -> None:
    put(ai / "outputs/scripts/s/x.py", '"""Not an item."""\n')
    put(ai / "outputs/trash/knowledge/k.md", knowledge("Deleted"))
    assert len(Library(ai, None)) == 0


@pytest.mark.parametrize("bad", ["../x", "a/b", "/etc/passwd", "Upper", "..", "", "a b"])
def test_get_refuses_ids_that_could_be_paths(ai: Path, bad: str) -> None:
    with pytest.raises(KiwiError, match="item_id"):
        Library(ai, None).get(ItemType.SCRIPT, bad)
