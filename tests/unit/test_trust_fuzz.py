"""Fuzz: library files a stranger wrote (malformed XML, front matter of every kind, binary files,
deep nesting) through the real parsers and the real library scan. The only acceptable outcomes
are an item or a `ParseError` that names the file; anything else is a crash.

Each fuzz counts the inputs it ran in `RAN` and checks it ran as many as it was asked to.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiwi_term.errors import ParseError
from kiwi_term.library.items import Item, ItemType, Source
from kiwi_term.library.parse import parse_item
from kiwi_term.library.store import Library

RAN: Counter[str] = Counter()
"""Inputs each fuzz ran, by name."""

EXAMPLES = 300
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


def parse_or_refuse(item_type: ItemType, text: str, item_id: str = "fuzzed") -> Item | None:
    path = Path(f"/library/{item_type.folder}/{item_id}{item_type.suffix}")
    try:
        item = parse_item(item_type, item_id, text, path, Source.PROJECT)
    except ParseError as error:
        assert error.path == path and str(error).startswith(str(path))
        assert error.reason.strip()
        return None
    assert item.id == item_id and item.type is item_type
    return item


# -- any text at all -----------------------------------------------------------------------

ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=("Cs",)), max_size=2000)


@FUZZ
@given(item_type=st.sampled_from(list(ItemType)), text=ANY_TEXT)
def test_any_text_parses_or_is_refused(item_type: ItemType, text: str) -> None:
    RAN["any text"] += 1
    parse_or_refuse(item_type, text)


@FUZZ
@given(item_id=st.text(max_size=30), item_type=st.sampled_from(list(ItemType)))
def test_any_id_is_an_item_id_or_refused(item_id: str, item_type: ItemType) -> None:
    RAN["ids"] += 1
    valid = '"""A script."""\n' if item_type is ItemType.SCRIPT else "---\ntitle: T\n---\n"
    item = parse_or_refuse(item_type, valid if item_type is not ItemType.DIRECTIVE else
                           f'<directive name="{item_id}"><metadata><description>d'
                           "</description></metadata></directive>", item_id)
    if item is not None:
        assert item_id.isascii() and item_id == item_id.strip() and "\n" not in item_id


# -- XML: well formed but hostile, malformed, deep --------------------------------------------

NAMES = st.sampled_from(["directive", "metadata", "description", "inputs", "input", "process",
                         "step", "permissions", "permission", "tags", "outputs", "success", "x"])
ATTRS = st.dictionaries(st.sampled_from(["name", "type", "required", "default", "script",
                                         "knowledge", "version"]),
                        st.text(max_size=20), max_size=4)


def _element(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.tuples(NAMES, ATTRS, st.text(max_size=30), st.lists(children, max_size=4))


TREES = st.recursive(st.tuples(NAMES, ATTRS, st.text(max_size=30), st.just([])), _element,
                     max_leaves=30)


def render(tree: tuple) -> str:
    from xml.sax.saxutils import escape, quoteattr

    tag, attrs, text, children = tree
    attributes = "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items())
    inner = escape(text) + "".join(render(child) for child in children)
    return f"<{tag}{attributes}>{inner}</{tag}>"


@FUZZ
@given(tree=TREES, cut=st.integers(min_value=0, max_value=4000), mangle=st.booleans())
def test_xml_trees_whole_cut_or_mangled(tree: tuple, cut: int, mangle: bool) -> None:
    RAN["xml"] += 1
    text = render(("directive", {"name": "fuzzed"}, "", [tree]))
    if mangle:
        text = text[:cut] + "<&\x00]]>" + text[cut:]
    parse_or_refuse(ItemType.DIRECTIVE, text)
    parse_or_refuse(ItemType.DIRECTIVE, text[:cut])


@FUZZ
@given(depth=st.integers(min_value=1, max_value=20000),
       kind=st.sampled_from(["xml", "python", "yaml", "markdown", "entities"]))
def test_deep_nesting(depth: int, kind: str) -> None:
    RAN["deep nesting"] += 1
    if kind == "xml":
        text = ('<directive name="fuzzed"><metadata><description>d</description></metadata>'
                + "<x>" * depth + "</x>" * depth + "</directive>")
        parse_or_refuse(ItemType.DIRECTIVE, text)
    elif kind == "python":
        for body in ("(" * depth + ")" * depth, "-" * depth + "1", "[" * depth + "]" * depth,
                     "not " * depth + "x", "lambda: " * depth + "0"):
            parse_or_refuse(ItemType.SCRIPT, f'"""Deep."""\nx = {body}\n')
    elif kind == "yaml":
        parse_or_refuse(ItemType.KNOWLEDGE,
                        "---\ntitle: t\ntags: " + "[" * depth + "]" * depth + "\n---\nBody\n")
        parse_or_refuse(ItemType.KNOWLEDGE, "---\nt:\n" + "".join(
            " " * i + "a:\n" for i in range(1, min(depth, 3000))) + "---\n")
    elif kind == "markdown":
        parse_or_refuse(ItemType.KNOWLEDGE, "---\ntitle: t\n---\n" + "> " * depth + "x\n")
    else:
        text = ('<!DOCTYPE d [<!ENTITY a "aaaa">' + "".join(
            f'<!ENTITY a{i} "&a{i - 1 if i else ""};&a{i - 1 if i else ""};">'
            for i in range(min(depth, 40))) + ']><directive name="fuzzed">&a39;</directive>')
        assert parse_or_refuse(ItemType.DIRECTIVE, text) is None


# -- front matter of every kind ----------------------------------------------------------------

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20)
    | st.dates() | st.datetimes(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=4),
    max_leaves=15)
FIELDS = st.dictionaries(st.sampled_from(["title", "tags", "created", "description", "x"]),
                         JSONISH, max_size=5)


def front_matter(kind: str, fields: dict, raw: str) -> str:
    if kind == "yaml":
        return f"---\n{yaml.safe_dump(fields, allow_unicode=True)}---\nBody\n"
    if kind == "yaml-unicode-dump":
        return f"---\n{yaml.dump(fields)}---\nBody\n"
    if kind == "json":
        return f"{{{json.dumps(fields, default=str)[1:-1]}}}\n\nBody\n"
    if kind == "toml":
        return f"+++\ntitle = {json.dumps(str(fields.get('title')))}\n{raw}\n+++\nBody\n"
    if kind == "raw":
        return f"---\n{raw}\n---\n{raw}\n"
    if kind == "unclosed":
        return f"---\n{raw}\n"
    return f"---\n---\n{raw}"


@FUZZ
@given(kind=st.sampled_from(["yaml", "yaml-unicode-dump", "json", "toml", "raw", "unclosed",
                             "empty"]),
       fields=FIELDS, raw=st.text(max_size=300))
def test_front_matter_of_every_kind(kind: str, fields: dict, raw: str) -> None:
    RAN["front matter"] += 1
    parse_or_refuse(ItemType.KNOWLEDGE, front_matter(kind, fields, raw))


YAML_TAGS = st.sampled_from([
    "!!python/object/apply:os.system ['echo pwned']", "!!binary aGVsbG8=", "!!timestamp 2020-13-45",
    "!!float nope", "!!int 0x", "&a [*a]", "*undefined", "!custom x", "!!set {a, b}",
    "2020-02-30", "0000-00-00", "1e999", "~", "'unterminated", "{a: [b, {c: d]}",
])


@FUZZ
@given(key=st.sampled_from(["title", "tags", "created", "description"]), value=YAML_TAGS)
def test_hostile_yaml_values(key: str, value: str) -> None:
    RAN["hostile yaml"] += 1
    parse_or_refuse(ItemType.KNOWLEDGE, f"---\ntitle: T\n{key}: {value}\n---\nBody\n")


# -- files on disk: binary, odd names, every kind of item folder ---------------------------------

FILE_NAMES = st.text(st.characters(blacklist_characters="/\x00", codec="utf-8"),
                     min_size=1, max_size=20)


@FUZZ
@given(files=st.lists(st.tuples(st.sampled_from(list(ItemType)), FILE_NAMES, st.binary(
    max_size=3000)), min_size=1, max_size=6))
def test_binary_files_in_the_library(files: list, tmp_path_factory) -> None:
    RAN["binary files"] += 1
    ai = tmp_path_factory.mktemp("fuzz-library") / ".ai"
    written = 0
    for item_type, name, content in files:
        folder = ai / item_type.folder
        folder.mkdir(parents=True, exist_ok=True)
        try:
            (folder / f"{name}{item_type.suffix}").write_bytes(content)
            written += 1
        except OSError:
            continue  # a name the file system refuses (too long, '.', '..')
    library = Library(ai, None)
    for error in library.errors:
        assert isinstance(error, ParseError) and str(error).startswith(str(error.path))
    assert len(library.items()) + len(library.errors) <= written


def test_every_fuzz_ran_its_examples() -> None:
    """Runs after the fuzzers in this file (pytest keeps file order) and reports the counts."""
    expected = {"any text", "ids", "xml", "deep nesting", "front matter", "hostile yaml",
                "binary files"}
    ran = {name: count for name, count in RAN.items() if name in expected}
    if set(ran) != expected:
        return  # run on its own (-k): the fuzzers did not run in this process
    print("fuzz inputs run:", json.dumps(ran, sort_keys=True))
    for name, count in ran.items():
        # Hypothesis may stop early once a small search space is exhausted (hostile yaml).
        assert count >= min(EXAMPLES, 60), (name, count)
