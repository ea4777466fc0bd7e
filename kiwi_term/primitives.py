"""The three primitives over one library: the single path every caller takes.

The CLI, the MCP server, the router's accepted predictions and the orchestrator's tool calls all
go through `Kiwi.call`, so validation and permission checks are the same for each of them.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from kiwi_term.calls import ToolCall, validate
from kiwi_term.config import Config, cache_dir, config_dir, user_library
from kiwi_term.errors import KiwiError
from kiwi_term.library.directives import (
    Progress,
    Reasoner,
    check_permissions,
    coerce_inputs,
    run_directive,
)
from kiwi_term.library.items import Item, ItemType, Source
from kiwi_term.library.scripts import (
    ScriptLimits,
    ScriptResult,
    check_script_params,
    run_script,
)
from kiwi_term.library.store import Library
from kiwi_term.library.writes import write_item


def find_project(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds a `.ai/` folder."""
    start = start.resolve()
    home_ai = user_library().resolve()
    for folder in (start, *start.parents):
        candidate = folder / ".ai"
        if candidate.is_dir() and candidate.resolve() != home_ai:
            return folder
    return None


class Kiwi:
    """A project's library and the primitives that act on it."""

    def __init__(
        self,
        project: Path | None,
        config: Config | None = None,
        *,
        user_home: Path | None = None,
        embedder: Any = None,
        read_only: bool = False,
    ) -> None:
        self.project = project.resolve() if project is not None else None
        """The project folder (holding `.ai/`), or None for the user space alone."""
        self.config = config or Config.load(self.project)
        """Merged settings."""
        self.read_only = read_only
        """Refuse create, update and delete (the bundled demo library)."""
        home = user_home if user_home is not None else user_library()
        self.library = Library(self.project / ".ai" if self.project else None, home)
        """The items, reloaded before each use."""
        self._embedder = embedder
        self._index: Any = None
        self._index_generation = -1
        self._index_lock = threading.Lock()
        self.indexing: tuple[int, int] | None = None
        """(embedded, to embed) while the search index is being built in the background."""

    # -- search --------------------------------------------------------------------------------

    @property
    def embedder(self) -> Any:
        """The shared MiniLM embedder, started in the background on first use."""
        if self._embedder is None:
            from predictors.runtime.embeddings import shared_embedder

            self._embedder = shared_embedder()
        return self._embedder

    def index(self, progress: Any = None, batch_size: int | None = None) -> Any:
        """The search index, brought up to date with the library.

        Args:
            progress: called with (embedded so far, to embed) as items are embedded.
            batch_size: items embedded at a time (default: the index's).
        """
        from kiwi_term.library.index import BATCH_SIZE

        self.library.refresh()
        with self._index_lock:
            if self._index is None:
                from kiwi_term.library.index import SearchIndex, index_cache_path

                self._index = SearchIndex(self.embedder, index_cache_path(self.library))
            if self._index_generation != self.library.generation:
                self._index.sync(self.library.items(), progress=progress,
                                 batch_size=batch_size or BATCH_SIZE)
                self._index_generation = self.library.generation
            return self._index

    def search(self, item_type: str, query: str, limit: int = 10) -> dict[str, Any]:
        """Ranked items for a query; `item_type` may be `any`."""
        validate("search", {"item_type": item_type, "query": query, "limit": limit})
        hits = self.index().search(query, item_type=item_type, limit=limit)
        return {
            "query": query,
            "item_type": item_type,
            "results": [
                {**hit.item.to_dict(), "score": round(float(hit.score), 4)} for hit in hits
            ],
        }

    # -- load ----------------------------------------------------------------------------------

    def get_item(self, item_type: ItemType, item_id: str, source: Source | None = None) -> Item:
        """One item, from the freshly checked library.

        Raises:
            UnknownItem: no such item.
        """
        self.library.refresh()
        return self.library.get(item_type, item_id, source)

    def load(self, item_type: str, item_id: str, source: str | None = None) -> dict[str, Any]:
        """The full item, parsed."""
        args = {"item_type": item_type, "item_id": item_id}
        if source is not None:
            args["source"] = source
        validate("load", args)
        item = self.get_item(ItemType(item_type), item_id, Source(source) if source else None)
        return item.to_dict(full=True)

    def run_target(self, call: ToolCall) -> Item | None:
        """The directive or script a run call would run, whose inputs are its params' schema;
        None for any other call or an unknown item. The library as last read, not rescanned:
        the terminal asks on its own thread, on every suggestion it shows."""
        args = call.arguments
        if call.name != "execute" or args.get("action", "run") != "run":
            return None
        try:
            kind = ItemType(args["item_type"])
            source = args.get("source")
            item = self.library.get(kind, args["item_id"], Source(source) if source else None)
        except (KiwiError, KeyError, ValueError):
            return None
        return item if kind is not ItemType.KNOWLEDGE else None

    # -- execute -------------------------------------------------------------------------------

    def execute(
        self,
        item_type: str,
        item_id: str,
        action: str = "run",
        params: dict[str, Any] | None = None,
        source: str | None = None,
        *,
        progress: Progress | None = None,
        reasoner: Reasoner | None = None,
        cancel: threading.Event | None = None,
        extra_grants: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """Run an item, or create, update or delete one.

        Raises:
            KiwiError: bad arguments, unknown item, refused permission; nothing ran.
        """
        params = dict(params or {})
        args: dict[str, Any] = {"item_type": item_type, "item_id": item_id, "action": action,
                                "params": params}
        if source is not None:
            args["source"] = source
        validate("execute", args)
        kind = ItemType(item_type)
        where = Source(source) if source else None
        if action != "run":
            return self._write(kind, item_id, action, params, where)
        item = self.get_item(kind, item_id, where)
        if kind is ItemType.KNOWLEDGE:
            raise KiwiError(
                f"knowledge {item_id!r} cannot be run; load it, or use create/update/delete"
            )
        if kind is ItemType.SCRIPT:
            checked = check_script_params(item, params)
            return self.run_script_item(item, checked, cancel).to_dict()
        values = coerce_inputs(item, params)
        check_permissions(
            item, self.config.grants | extra_grants, self._config_hint(), reasoner is not None
        )
        return run_directive(
            self, item, values, progress=progress, reasoner=reasoner, cancel=cancel
        )

    def run_script_item(
        self, item: Item, params: dict[str, Any], cancel: threading.Event | None = None
    ) -> ScriptResult:
        """Run a script item in the project folder (used by directive steps too)."""
        # Scripts work on the project's files; with no project, on the folder the user is in.
        base = self.project or Path.cwd()
        limits = ScriptLimits.from_config(self.config)
        return run_script(item, params, cwd=base, outputs=self._outputs_root(), cancel=cancel,
                          **limits.options())

    def _outputs_root(self) -> Path:
        return (self.library.roots[0].path if self.library.roots else cache_dir()) / "outputs"

    def _config_hint(self) -> str:
        return str(config_dir() / "config.toml")

    def _write(
        self, kind: ItemType, item_id: str, action: str, params: dict[str, Any],
        where: Source | None,
    ) -> dict[str, Any]:
        if self.read_only:
            raise KiwiError(
                "this is the read-only demo library; run `kiwi init` to start a library of your own"
            )
        self.library.refresh()
        root = self.library.root(where) if where else self.library.roots[0]
        if root is None:
            raise KiwiError(f"there is no {where.value if where else ''} library to write to")
        try:
            existing: Item | None = self.library.get(kind, item_id, root.source)
        except KiwiError:
            existing = None
        result = write_item(root, existing, kind, item_id, action, params)
        self.library.refresh()
        return result

    # -- dispatch ------------------------------------------------------------------------------

    def call(self, call: ToolCall | dict, **options: Any) -> dict[str, Any]:
        """Carry out one tool call; `options` go to `execute` (progress, reasoner, cancel)."""
        if isinstance(call, dict):
            call = ToolCall.from_json(call)
        args = dict(call.arguments)
        if call.name == "search":
            return self.search(args["item_type"], args["query"], int(args.get("limit", 10)))
        if call.name == "load":
            return self.load(args["item_type"], args["item_id"], args.get("source"))
        return self.execute(
            args["item_type"],
            args["item_id"],
            args.get("action", "run"),
            args.get("params"),
            args.get("source"),
            **options,
        )
