"""The large-library benchmark writes a library Kiwi reads without errors, and valid cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.large_library import main
from kiwi_term.library.store import Library
from predictors.measure.evaluate import load_cases
from predictors.router.menu import item_capacity

CORPUS = Path(__file__).resolve().parents[2] / "assets" / "training" / "libraries"


def test_two_libraries_make_one_larger_than_the_menu(tmp_path: Path) -> None:
    names = ["hr_recruiting", "ecommerce_inventory"]
    assert main([str(tmp_path / "p"), *names]) == 0
    library = Library(tmp_path / "p" / ".ai", None)
    assert library.errors == []
    expected = sum(len(json.loads((CORPUS / f"{n}.json").read_text())["items"]) for n in names)
    assert len(library.items()) == expected
    assert item_capacity(library.items()) < len(library.items())
    cases = load_cases(tmp_path / "p" / "cases.jsonl")
    ids = {(i.type.value, i.id) for i in library.items()}
    for case in cases:
        args = (case.expect or {}).get("arguments", {})
        if "item_id" in args:
            assert (args["item_type"], args["item_id"]) in ids


def test_an_unknown_library_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="no training library 'nope'"):
        main([str(tmp_path / "p"), "hr_recruiting", "nope"])
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize("size", [25, 90])
def test_the_scale_benchmark_writes_libraries_of_the_size_asked(tmp_path: Path, size: int) -> None:
    from benchmarks.scale import build

    count = build(tmp_path / "p", size)
    library = Library(tmp_path / "p" / ".ai", None)
    assert library.errors == []
    assert len(library.items()) == size
    cases = load_cases(tmp_path / "p" / "cases.jsonl")
    assert len(cases) == count > 0
    ids = {(i.type.value, i.id) for i in library.items()}
    for case in cases:
        args = (case.expect or {}).get("arguments", {})
        if "item_id" in args:
            assert (args["item_type"], args["item_id"]) in ids


def test_the_function_style_sets_merge_into_one_library_with_all_their_cases(
        tmp_path: Path) -> None:
    from benchmarks.functions_library import build

    tools, made, count = build(tmp_path / "f", items=300)
    library = Library(tmp_path / "f" / ".ai", None)
    assert library.errors == []
    assert len(library.items()) == tools + made == 300 and made > 0
    cases = load_cases(tmp_path / "f" / "cases.jsonl")
    assert len(cases) == count
    ids = {(i.type.value, i.id) for i in library.items()}
    for case in cases:
        args = case.expect["arguments"]
        assert (args["item_type"], args["item_id"]) in ids
