"""The Kiwi library on disk: the project's `.ai/` over the user space, reloaded as files change."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from kiwi_term.errors import KiwiError, ParseError, UnknownItem
from kiwi_term.library.items import Item, ItemType, Source, is_item_id
from kiwi_term.library.parse import parse_item


@dataclass(frozen=True)
class Root:
    """One library folder (a `.ai/`) and where it counts as coming from."""

    path: Path
    source: Source


@dataclass(frozen=True)
class _Seen:
    mtime_ns: int
    size: int
    item: Item | None
    error: ParseError | None


def check_id(item_id: object) -> str:
    """Return `item_id` if it is a valid id; refuse anything that could name a path.

    Raises:
        KiwiError: the id is not a string of lowercase letters, digits, `_` and `-`.
    """
    if not isinstance(item_id, str) or not item_id:
        raise KiwiError("item_id must be a non-empty string")
    if not is_item_id(item_id):
        raise KiwiError(
            f"invalid item_id {item_id!r}: ids are lowercase letters, digits, '_' and '-' "
            "(no '/', '..' or paths)"
        )
    return item_id


class Library:
    """All items of a project and the user space.

    The library rescans its folders on `refresh()`; only files whose size or modification time
    changed are parsed again, so a refresh costs in proportion to what changed.
    """

    def __init__(self, project_ai: Path | None, user_ai: Path | None) -> None:
        roots = []
        if project_ai is not None:
            roots.append(Root(project_ai, Source.PROJECT))
        if user_ai is not None and user_ai != project_ai:
            roots.append(Root(user_ai, Source.USER))
        self.roots: tuple[Root, ...] = tuple(roots)
        """Library folders, the project's first."""
        self._seen: dict[Path, _Seen] = {}
        self._items: dict[tuple[str, str], Item] = {}
        self._shadowed: dict[tuple[str, str], Item] = {}
        self._duplicates: list[ParseError] = []
        self._lock = threading.Lock()
        self.generation = 0
        """Increases whenever the set of items changes; caches key on it."""
        self.refresh()

    def root(self, source: Source) -> Root | None:
        """The folder of that source, if this library has one."""
        return next((r for r in self.roots if r.source is source), None)

    @property
    def errors(self) -> list[ParseError]:
        """Files that did not parse, with path, line and reason."""
        parsed = [s.error for s in self._seen.values() if s.error is not None]
        return parsed + self._duplicates

    def refresh(self) -> bool:
        """Rescan the folders; return True if any item changed."""
        with self._lock:
            found: dict[Path, tuple[Root, ItemType, os.stat_result]] = {}
            for root in self.roots:
                for item_type in ItemType:
                    folder = root.path / item_type.folder
                    for path, stat in _walk(folder, item_type.suffix):
                        found[path] = (root, item_type, stat)
            changed = set(self._seen) - set(found)
            for path in changed:
                del self._seen[path]
            for path, (root, item_type, stat) in found.items():
                old = self._seen.get(path)
                if old and old.mtime_ns == stat.st_mtime_ns and old.size == stat.st_size:
                    continue
                changed.add(path)
                self._seen[path] = _load(path, root, item_type, stat)
            if changed:
                self._rebuild()
                self.generation += 1
            return bool(changed)

    def _rebuild(self) -> None:
        items: dict[tuple[str, str], Item] = {}
        shadowed: dict[tuple[str, str], Item] = {}
        duplicates: list[ParseError] = []
        order = {Source.PROJECT: 0, Source.USER: 1}
        ranked = sorted(
            (s.item for s in self._seen.values() if s.item is not None),
            key=lambda i: (order[i.source], str(i.path)),
        )
        for item in ranked:
            if item.key not in items:
                items[item.key] = item
            elif item.source is not items[item.key].source:
                shadowed[item.key] = item
            else:
                first = items[item.key].path
                duplicates.append(ParseError(item.path, None, f"duplicate id, {first} is used"))
        self._duplicates = duplicates
        self._items = items
        self._shadowed = shadowed

    def items(self, item_type: ItemType | None = None) -> list[Item]:
        """The effective items (project shadows user), sorted by type and id."""
        found = [i for i in self._items.values() if item_type is None or i.type is item_type]
        return sorted(found, key=lambda i: (i.type.value, i.id))

    def get(self, item_type: ItemType, item_id: str, source: Source | None = None) -> Item:
        """The item of that type and id; with `source`, only from there.

        Raises:
            KiwiError: the id is malformed.
            UnknownItem: no such item.
        """
        check_id(item_id)
        key = (item_type.value, item_id)
        for candidate in (self._items.get(key), self._shadowed.get(key)):
            if candidate is not None and (source is None or candidate.source is source):
                return candidate
        where = f" in {source.value} space" if source else ""
        near = [i.id for i in self.items(item_type) if item_id in i.id or i.id in item_id][:3]
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise UnknownItem(f"no {item_type.value} {item_id!r}{where}{hint}")

    def __len__(self) -> int:
        return len(self._items)

    def counts(self) -> dict[str, int]:
        """How many effective items of each type."""
        return {t.value: len(self.items(t)) for t in ItemType}


def _walk(folder: Path, suffix: str):
    if not folder.is_dir():
        return
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
            elif entry.name.endswith(suffix) and entry.is_file():
                yield Path(entry.path), entry.stat()


def _load(path: Path, root: Root, item_type: ItemType, stat: os.stat_result) -> _Seen:
    item_id = path.name[: -len(item_type.suffix)]
    try:
        text = path.read_text(encoding="utf-8")
        item = parse_item(item_type, item_id, text, path, root.source)
        return _Seen(stat.st_mtime_ns, stat.st_size, item, None)
    except ParseError as exc:
        return _Seen(stat.st_mtime_ns, stat.st_size, None, exc)
    except (OSError, UnicodeDecodeError) as exc:
        return _Seen(stat.st_mtime_ns, stat.st_size, None, ParseError(path, None, str(exc)))
