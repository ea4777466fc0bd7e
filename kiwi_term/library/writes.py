"""Creating, updating and deleting items: validated, written atomically, never outside `.ai/`."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import yaml

from kiwi_term.config import write_private
from kiwi_term.errors import KiwiError
from kiwi_term.library.items import Item, ItemType, Source
from kiwi_term.library.parse import parse_item
from kiwi_term.library.store import Root, check_id


def _inside(root: Root, path: Path) -> Path:
    resolved = path.resolve()
    if not resolved.is_relative_to(root.path.resolve()):
        raise KiwiError(f"refused: {path} is outside the library {root.path}")
    return resolved


def item_text(item_type: ItemType, item_id: str, params: dict[str, Any]) -> str:
    """The file text for a new or updated item: `params["content"]`, or a template filled from
    `description`, `title`, `tags` and `body`."""
    content = params.get("content")
    if content is not None:
        if not isinstance(content, str) or not content.strip():
            raise KiwiError("params.content must be the item's file text")
        return content
    words = item_id.replace("_", " ").replace("-", " ")
    description = str(params.get("description") or params.get("title") or words.capitalize())
    tags = params.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
    body = str(params.get("body") or "")
    if item_type is ItemType.KNOWLEDGE:
        meta = {"title": str(params.get("title") or description), "tags": list(tags),
                "created": dt.date.today().isoformat()}
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True).strip()
        return f"---\n{front}\n---\n{body}\n"
    if item_type is ItemType.SCRIPT:
        tag_line = f"\nTags: {', '.join(tags)}\n" if tags else ""
        code = body or 'print("TODO: " + parser.description)'
        return (
            f'"""{description}\n{tag_line}"""\nimport argparse\n\n'
            f"parser = argparse.ArgumentParser(description={description!r})\n"
            "args = parser.parse_args()\n"
            f"{code}\n"
        )
    tag_xml = f"\n    <tags>{escape(', '.join(tags))}</tags>" if tags else ""
    step = escape(body or "Describe what to do.")
    return (
        f'<directive name={quoteattr(item_id)} version="0.1.0">\n  <metadata>\n'
        f"    <description>{escape(description)}</description>{tag_xml}\n  </metadata>\n"
        f'  <process>\n    <step name="start">{step}</step>\n  </process>\n</directive>\n'
    )


def write_item(
    root: Root, existing: Item | None, item_type: ItemType, item_id: str, action: str,
    params: dict[str, Any],
) -> dict[str, Any]:
    """Carry out `create`, `update` or `delete` in one library folder.

    Args:
        root: the library folder written to.
        existing: the item of that type and id in that folder, if there is one.

    Raises:
        KiwiError: the item exists (create) or not (update, delete), or the new text does not
            parse as an item of that type. Nothing is written then.
    """
    check_id(item_id)
    if existing is not None and existing.source is not root.source:
        existing = None
    if action == "create":
        if existing is not None:
            raise KiwiError(
                f"{item_type.value} {item_id!r} already exists ({existing.path}); "
                "use action 'update' to change it"
            )
        path = _inside(root, root.path / item_type.folder / f"{item_id}{item_type.suffix}")
    else:
        if existing is None:
            raise KiwiError(f"no {item_type.value} {item_id!r} in {root.source.value} space")
        path = _inside(root, existing.path)
    if action == "delete":
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        trash = root.path / "outputs" / "trash" / item_type.folder
        trash.mkdir(parents=True, exist_ok=True)
        kept = trash / f"{item_id}.{stamp}{item_type.suffix}"
        os.replace(path, kept)
        return {"status": "ok", "action": "delete", "id": item_id, "kept_at": str(kept)}
    text = item_text(item_type, item_id, params)
    parse_item(item_type, item_id, text, path, Source(root.source))
    write_private(path, text)
    return {"status": "ok", "action": action, "id": item_id, "path": str(path)}
