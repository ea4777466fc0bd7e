"""Parsers for the three item formats of kiwi-format.md §2–4.

Each parser takes the file's text and returns an `Item`, or raises `ParseError` that names the
line and the reason. They never read other files, so a broken item cannot affect another.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

from kiwi_term.errors import ParseError
from kiwi_term.library.items import Input, Item, ItemType, Source, Step, is_item_id

KNOWN_PERMISSIONS = frozenset({"run:script", "read:files", "write:files", "network", "llm"})
INPUT_TYPES = frozenset({"string", "path", "bool", "int", "number"})


def parse_item(item_type: ItemType, item_id: str, text: str, path: Path, source: Source) -> Item:
    """Parse the text of one item file.

    Raises:
        ParseError: the file is not a valid item of that type.
    """
    if not is_item_id(item_id):
        raise ParseError(
            path, None, f"{item_id!r} is not a valid item id (lowercase letters, digits, _ and -)"
        )
    parser = {
        ItemType.DIRECTIVE: _parse_directive,
        ItemType.SCRIPT: _parse_script,
        ItemType.KNOWLEDGE: _parse_knowledge,
    }[item_type]
    # Editors on some systems start UTF-8 files with a byte-order mark; it is not content.
    text = text.removeprefix("\ufeff")
    try:
        return parser(item_id, text, path, source)
    except (RecursionError, MemoryError):
        # Deep nesting (((((... exhausts the parsers' stacks; a library file must not stop Kiwi.
        raise ParseError(path, None, "nested too deeply to parse") from None


def _split_tags(text: str | None) -> tuple[str, ...]:
    return tuple(t.strip().lower() for t in (text or "").split(",") if t.strip())


def _parse_directive(item_id: str, text: str, path: Path, source: Source) -> Item:
    try:
        root = safe_fromstring(text)
    except ET.ParseError as exc:
        raise ParseError(path, exc.position[0], f"XML does not parse: {exc.msg}") from None
    except DefusedXmlException as exc:
        raise ParseError(path, None, f"unsafe XML refused: {exc}") from None
    if root.tag != "directive":
        raise ParseError(path, None, f"root element is <{root.tag}>, expected <directive>")
    name = root.get("name")
    if name != item_id:
        raise ParseError(path, None, f'name="{name}" does not match the file name {item_id!r}')
    meta = root.find("metadata")
    description = (meta.findtext("description") if meta is not None else None) or ""
    if not description.strip():
        raise ParseError(path, None, "<metadata><description> is required")
    permissions = []
    if meta is not None:
        for perm in meta.iterfind("permissions/permission"):
            value = (perm.text or "").strip()
            if value not in KNOWN_PERMISSIONS:
                raise ParseError(
                    path,
                    None,
                    f"unknown permission {value!r} (known: {', '.join(sorted(KNOWN_PERMISSIONS))})",
                )
            permissions.append(value)
    inputs = []
    for node in root.iterfind("inputs/input"):
        input_name = node.get("name", "")
        if not input_name:
            raise ParseError(path, None, "an <input> has no name")
        input_type = node.get("type", "string")
        if input_type not in INPUT_TYPES:
            raise ParseError(path, None, f"input {input_name!r} has unknown type {input_type!r}")
        inputs.append(
            Input(
                name=input_name,
                type=input_type,
                required=node.get("required", "false").lower() == "true",
                default=node.get("default"),
                description=(node.text or "").strip(),
            )
        )
    steps = []
    for index, node in enumerate(root.iterfind("process/step"), start=1):
        steps.append(
            Step(
                name=node.get("name") or f"step{index}",
                text=(node.text or "").strip(),
                script=node.get("script"),
                knowledge=node.get("knowledge"),
            )
        )
    outputs = {}
    outputs_node = root.find("outputs")
    for node in outputs_node if outputs_node is not None else ():
        outputs[node.tag] = (node.text or "").strip()
    return Item(
        type=ItemType.DIRECTIVE,
        id=item_id,
        source=source,
        path=path,
        description=" ".join(description.split()),
        tags=_split_tags(meta.findtext("tags") if meta is not None else None),
        body=text,
        version=root.get("version", ""),
        category=((meta.findtext("category") if meta is not None else None) or "").strip(),
        permissions=tuple(permissions),
        inputs=tuple(inputs),
        steps=tuple(steps),
        outputs=outputs,
    )


_TAGS_LINE = re.compile(r"^\s*tags\s*:\s*(.*)$", re.IGNORECASE | re.MULTILINE)


def _parse_script(item_id: str, text: str, path: Path, source: Source) -> Item:
    try:
        module = ast.parse(text, filename=str(path))
    except SyntaxError as exc:
        raise ParseError(path, exc.lineno, f"Python does not parse: {exc.msg}") from None
    except ValueError as exc:  # a NUL byte in the source
        raise ParseError(path, None, f"Python does not parse: {exc}") from None
    docstring = ast.get_docstring(module)
    if not docstring or not docstring.strip():
        raise ParseError(path, 1, "a script needs a module docstring whose first line describes it")
    description = docstring.strip().splitlines()[0].strip()
    tags_match = _TAGS_LINE.search(docstring)
    return Item(
        type=ItemType.SCRIPT,
        id=item_id,
        source=source,
        path=path,
        description=description,
        tags=_split_tags(tags_match.group(1) if tags_match else None),
        body=text,
        inputs=tuple(_argparse_options(module)),
    )


def _argparse_options(module: ast.Module) -> list[Input]:
    """The `--name` options a script declares with `add_argument`, so callers can pass them."""
    found = []
    for node in ast.walk(module):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "add_argument"
        ):
            continue
        flags = [a.value for a in node.args if isinstance(a, ast.Constant)]
        long_flag = next((f for f in flags if isinstance(f, str) and f.startswith("--")), None)
        if long_flag is None:
            continue
        keywords = {k.arg: k.value for k in node.keywords if k.arg}
        required = keywords.get("required")
        help_node = keywords.get("help")
        default = _constant(keywords.get("default"))
        found.append(
            Input(
                name=long_flag[2:],
                type=_option_type(keywords),
                required=isinstance(required, ast.Constant) and required.value is True,
                default=None if default is None else str(default),
                description=help_node.value
                if isinstance(help_node, ast.Constant) and isinstance(help_node.value, str)
                else "",
                choices=_choices(keywords.get("choices")),
            )
        )
    return found


ARGPARSE_TYPES = {"int": "int", "float": "number", "str": "string", "Path": "path"}
"""argparse `type=` callables read from a script's source, and the input types they mean."""


def _option_type(keywords: dict[str, ast.expr]) -> str:
    """An option's type from its `type=` or `action=`, as the source states it."""
    action = _constant(keywords.get("action"))
    if action in ("store_true", "store_false"):
        return "bool"
    kind = keywords.get("type")
    name = kind.id if isinstance(kind, ast.Name) else (
        kind.attr if isinstance(kind, ast.Attribute) else None)
    return ARGPARSE_TYPES.get(name or "", "string")


def _constant(node: ast.expr | None) -> Any:
    """The value of a literal in the source, else None."""
    return node.value if isinstance(node, ast.Constant) else None


def _choices(node: ast.expr | None) -> tuple[str, ...]:
    """`choices=[...]` of literals, as strings; () when absent or not all literals."""
    if not isinstance(node, ast.List | ast.Tuple | ast.Set):
        return ()
    values = [_constant(e) for e in node.elts]
    if not values or any(v is None or isinstance(v, bytes) for v in values):
        return ()
    return tuple(str(v) for v in values)


def _parse_knowledge(item_id: str, text: str, path: Path, source: Source) -> Item:
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ParseError(path, line, f"front matter does not parse: {exc}") from None
    except (ValueError, TypeError, AttributeError) as exc:
        # YAML values that construct badly (created: 2020-13-45) or front matter that is not
        # a mapping at all.
        raise ParseError(path, 1, f"front matter does not parse: {exc}") from None
    title = post.metadata.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ParseError(path, 1, "front matter needs a title")
    raw_tags = post.metadata.get("tags") or []
    if isinstance(raw_tags, str):
        tags: list = raw_tags.split(",")
    elif isinstance(raw_tags, list | tuple):
        tags = list(raw_tags)
    else:
        raise ParseError(path, 1, "front matter tags must be a list or a comma-separated string")
    created = post.metadata.get("created", "")
    if isinstance(created, dt.date):
        created = created.isoformat()
    body = post.content.strip()
    first_line = next((line.strip("# ").strip() for line in body.splitlines() if line.strip()), "")
    return Item(
        type=ItemType.KNOWLEDGE,
        id=item_id,
        source=source,
        path=path,
        description=str(post.metadata.get("description") or first_line or title).strip(),
        tags=tuple(str(t).strip().lower() for t in tags if str(t).strip()),
        title=title.strip(),
        body=body,
        created=str(created),
    )
