"""Benchmark library loading and search on a synthetic library.

Writes N items (default 10,000) as real files into a temporary `.ai/`, loads them through
`Library` (so parsing is measured too), builds the search index (embedding every item), reloads it
from its cache, re-syncs after editing 10 files, and times 200 searches. Search times exclude the
query embedding (the queries are embedded first and passed as `query_vector`); the embedding of
one query is timed separately.

    PYTHONPATH=. python benchmarks/search_bench.py [--items N] [--queries Q] [--cache DIR] [--json]

Embedding dominates: MiniLM on one torch thread embeds roughly 100 short items a second on a
loaded two-core machine, so 10,000 items take about two minutes; pass `--items` to go faster.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

VERBS = (
    "validate clean export import resize convert merge split summarise backup restore deploy "
    "monitor sync parse scrape send fetch archive compress encrypt translate rename count dedupe "
    "audit classify enrich label notify"
).split()
OBJECTS = (
    "emails leads invoices images logs reports users orders tickets contracts pdfs spreadsheets "
    "databases metrics alerts payments subtitles videos configs receipts surveys playlists "
    "calendars contacts transcripts"
).split()
PLACES = (
    "csv json s3 postgres slack crm github stripe sheets gmail jira notion sftp bigquery "
    "mailchimp shopify zendesk dropbox redis kafka"
).split()
REASONS = (
    "before the weekly review",
    "so finance can reconcile them",
    "and flag the broken ones",
    "for the quarterly audit",
    "and keep a dated copy",
    "to free disk space",
    "when a customer asks",
    "after every release",
)
TYPES = ("directive", "script", "knowledge")


def make_items(count: int, rng: random.Random) -> list[dict]:
    """`count` distinct synthetic items: id, type, description and tags built from word lists."""
    combos = [(v, o, p) for v in VERBS for o in OBJECTS for p in PLACES]
    rng.shuffle(combos)
    items = []
    for n in range(count):
        verb, obj, place = combos[n % len(combos)]
        item_id = f"{verb}_{obj}_{place}" + (f"_{n // len(combos)}" if n >= len(combos) else "")
        reason = rng.choice(REASONS)
        description = f"{verb.capitalize()} the {obj} from {place} {reason}."
        tags = rng.sample([obj, place, verb, rng.choice(OBJECTS)], k=rng.randint(1, 3))
        items.append(
            {
                "id": item_id,
                "type": TYPES[n % 3],
                "description": description,
                "tags": list(dict.fromkeys(tags)),
            }
        )
    return items


def file_text(item: dict) -> tuple[str, str]:
    """(path under .ai/, text) of one item in kiwi-format."""
    tags = ", ".join(item["tags"])
    if item["type"] == "directive":
        text = (
            f'<directive name="{item["id"]}" version="1.0.0">\n  <metadata>\n'
            f"    <description>{item['description']}</description>\n"
            f"    <tags>{tags}</tags>\n  </metadata>\n"
            f'  <process><step name="run" script="{item["id"]}">Run it.</step></process>\n'
            "</directive>\n"
        )
        return f"directives/{item['id']}.xml", text
    if item["type"] == "script":
        text = f'"""{item["description"]}\n\nTags: {tags}\n"""\nimport argparse\n'
        return f"scripts/{item['id']}.py", text
    text = (
        f"---\ntitle: {item['description'][:-1]}\ntags: [{tags}]\ncreated: 2026-01-17\n---\n"
        f"Notes on how we {item['id'].split('_')[0]} {item['id'].split('_')[1]}.\n"
    )
    return f"knowledge/{item['id']}.md", text


def make_queries(items: list[dict], count: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(query, item_type, expected id or "") triples: names, paraphrases and typed searches."""
    queries = []
    for n in range(count):
        item = rng.choice(items)
        verb, obj, place = item["id"].split("_")[:3]
        kind = n % 4
        if kind == 0:
            queries.append((item["id"].replace("_", " "), "any", item["id"]))
        elif kind == 1:
            queries.append((f"I need to {verb} our {obj} in {place}", "any", ""))
        elif kind == 2:
            queries.append((f"how do we {verb} {obj}", item["type"], ""))
        else:
            queries.append((f"{rng.choice(OBJECTS)} {rng.choice(PLACES)}", "any", ""))
    return queries


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(count: int, query_count: int, seed: int, cache: Path | None = None) -> dict:
    from kiwi_term.library.index import SearchIndex
    from kiwi_term.library.store import Library
    from predictors.runtime.embeddings import shared_embedder

    rng = random.Random(seed)
    results: dict = {"items": count, "queries": query_count}
    started = time.perf_counter()
    embedder = shared_embedder()  # loads in the background while the files are written
    items = make_items(count, rng)
    with tempfile.TemporaryDirectory() as tmp:
        ai = Path(tmp) / ".ai"
        for item in items:
            relative, text = file_text(item)
            path = ai / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

        t = time.perf_counter()
        library = Library(ai, None)
        results["library_load_s"] = time.perf_counter() - t
        assert len(library) == count and not library.errors, library.errors[:3]

        embedder.wait()
        results["model_ready_s"] = time.perf_counter() - started

        def progress(done: int, total: int) -> None:
            print(f"\r  embedding {done}/{total}", end="", file=sys.stderr, flush=True)

        fresh = cache is None or not cache.exists()
        cache = cache or Path(tmp) / "cache"
        t = time.perf_counter()
        index = SearchIndex(embedder, cache)
        embedded = index.sync(library.items(), progress)
        # With a warm --cache this measures a start from the cache, not a build.
        results["index_build_s" if fresh else "index_build_cached_s"] = time.perf_counter() - t
        results["embedded"] = embedded
        print(file=sys.stderr)

        t = time.perf_counter()
        reloaded = SearchIndex(embedder, cache)
        assert reloaded.sync(library.items()) == 0
        results["index_reload_s"] = time.perf_counter() - t

        for item in rng.sample(items, 10):
            item["description"] = item["description"].replace("the", "all the", 1) + " Edited."
            relative, text = file_text(item)
            (ai / relative).write_text(text, encoding="utf-8")
        t = time.perf_counter()
        library.refresh()
        results["library_refresh_s"] = time.perf_counter() - t
        t = time.perf_counter()
        assert index.sync(library.items()) == 10
        results["resync_10_s"] = time.perf_counter() - t

        queries = make_queries(items, query_count, rng)
        # Wall time is what a user waits; thread CPU time is the work itself, which stays
        # meaningful when other processes crowd the cores and preempt the benchmark.
        embed_ms, embed_cpu_ms, vectors = [], [], []
        for query, _, _ in queries:
            t, cpu = time.perf_counter(), time.thread_time()
            vectors.append(embedder.encode([query])[0])
            embed_cpu_ms.append((time.thread_time() - cpu) * 1000)
            embed_ms.append((time.perf_counter() - t) * 1000)
        search_ms, search_cpu_ms, named, named_first = [], [], 0, 0
        for _ in range(3):  # three rounds, so the figures are not one cold pass
            for (query, item_type, expected), vector in zip(queries, vectors, strict=True):
                t, cpu = time.perf_counter(), time.thread_time()
                hits = index.search(query, item_type, 10, query_vector=vector)
                search_cpu_ms.append((time.thread_time() - cpu) * 1000)
                search_ms.append((time.perf_counter() - t) * 1000)
                if expected:
                    named += 1
                    named_first += hits[0].item.id == expected
        results.update(
            search_ms_p50=statistics.median(search_ms),
            search_ms_p95=percentile(search_ms, 0.95),
            search_cpu_ms_p50=statistics.median(search_cpu_ms),
            search_cpu_ms_p95=percentile(search_cpu_ms, 0.95),
            query_embed_ms_p50=statistics.median(embed_ms),
            query_embed_ms_p95=percentile(embed_ms, 0.95),
            query_embed_cpu_ms_p50=statistics.median(embed_cpu_ms),
            exact_name_top1=named_first / max(named, 1),
        )
    return results


ROWS = (
    ("library load (parse all files)", "library_load_s", "s"),
    ("model ready (from process start)", "model_ready_s", "s"),
    ("index build (embeds every item)", "index_build_s", "s"),
    ("index start from a warm --cache", "index_build_cached_s", "s"),
    ("index reload from cache (embeds none)", "index_reload_s", "s"),
    ("library refresh after editing 10 files", "library_refresh_s", "s"),
    ("index re-sync after editing 10 files", "resync_10_s", "s"),
    ("search p50 (query embedding excluded)", "search_ms_p50", "ms"),
    ("search p95 (query embedding excluded)", "search_ms_p95", "ms"),
    ("search CPU time p50", "search_cpu_ms_p50", "ms"),
    ("search CPU time p95", "search_cpu_ms_p95", "ms"),
    ("query embedding p50", "query_embed_ms_p50", "ms"),
    ("query embedding p95", "query_embed_ms_p95", "ms"),
    ("query embedding CPU time p50", "query_embed_cpu_ms_p50", "ms"),
    ("queries naming an item that rank it first", "exact_name_top1", "share"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="library size (default 10000)")
    parser.add_argument("--queries", type=int, default=200, help="distinct queries (default 200)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--cache", type=Path, help="keep the index cache here, so a rerun skips the embedding"
    )
    args = parser.parse_args(argv)
    results = run(args.items, args.queries, args.seed, args.cache)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"Search benchmark: {args.items} items, {args.queries} queries\n")
    print("| measure | value |\n| --- | --- |")
    for label, key, unit in ROWS:
        if key not in results:
            continue
        value = results[key]
        shown = f"{value:.3f}" if unit == "share" else f"{value:.3f} {unit}"
        print(f"| {label} | {shown} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
