"""`kiwi search QUERY`: find library items by meaning and by name."""

from __future__ import annotations

import argparse
import shutil

from kiwi_term.calls import SEARCH_TYPES
from kiwi_term.commands.common import (
    EXIT_OK,
    ProgressLine,
    add_command,
    note,
    open_kiwi,
    print_json,
    shorten,
    wants_json,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `kiwi search`."""
    parser = add_command(
        subparsers,
        "search",
        handle,
        summary="find items by meaning and by name",
        description="Rank the library's items for a query: semantic similarity combined with "
        "exact matches on ids, tags and descriptions, so an item named in the query comes first. "
        "The first search of a library builds its index (shown on stderr); later ones reuse it.",
        examples=[
            'kiwi search "rename photos by date"',
            "kiwi search duplicates --type script --limit 3",
            "kiwi search naming --json",
        ],
    )
    parser.add_argument("query", help="what you are looking for, in your own words")
    parser.add_argument(
        "--type", choices=SEARCH_TYPES, default="any", help="only items of this type (default: any)"
    )
    parser.add_argument(
        "--limit", type=int, default=10, metavar="N", help="at most N results (default 10)"
    )


def handle(args: argparse.Namespace) -> int:
    """Run the search and print the ranked items."""
    kiwi = open_kiwi(args)
    embedder = kiwi.embedder
    if not getattr(embedder, "ready", True):
        note("loading the embedding model…")
    wait = getattr(embedder, "wait", None)
    if wait is not None:
        # Load before indexing so a missing model is reported as such, not as an index error.
        wait()
    progress = ProgressLine("indexing")
    try:
        kiwi.index(progress=progress)
    finally:
        progress.close()
    result = kiwi.search(args.type, args.query, args.limit)
    if wants_json(args):
        print_json(result)
        return EXIT_OK
    hits = result["results"]
    if not hits:
        print(f"nothing in the library matches {args.query!r}")
        if len(kiwi.library) == 0:
            note("the library is empty: no .ai/ here or above, and no user library; "
                 "`kiwi init` starts one, --project DIR points at one")
        return EXIT_OK
    width = shutil.get_terminal_size((100, 24)).columns
    id_width = max(len(h["id"]) for h in hits)
    for hit in hits:
        source = "" if hit["source"] == "project" else f" [{hit['source']}]"
        head = f"{hit['score']:6.3f}  {hit['type']:<9}  {hit['id']:<{id_width}}{source}  "
        print(head + shorten(hit["description"], max(width - len(head), 20)))
    return EXIT_OK
