"""The evidence beside the model's logits, and the calibration that weighs it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kiwi_term.library.items import Item, ItemType, Source
from predictors.router.calibration import Calibration, Row, fit, fit_large, read_fits, write_fits
from predictors.router.features import naming
from predictors.router.menu import build_menu


def item(kind: ItemType, item_id: str, description: str) -> Item:
    return Item(type=kind, id=item_id, source=Source.PROJECT, path=Path(item_id),
                description=description)


MENU = build_menu([
    item(ItemType.DIRECTIVE, "validate_leads", "Validate the leads list."),
    item(ItemType.DIRECTIVE, "email_validator", "Check every email address of a lead file."),
    item(ItemType.SCRIPT, "resize-photos", "Resize the photos of a folder."),
])


def share(text: str, item_id: str, verb: str = "run") -> float:
    values = naming(MENU, text)
    for d, decision in enumerate(MENU.decisions):
        if decision.item is not None and decision.item.id == item_id and decision.verb == verb:
            return float(values[d])
    raise AssertionError(f"no {verb} line for {item_id}")


def test_naming_is_the_share_of_the_id_the_request_says() -> None:
    assert share("validate leads", "validate_leads") == 1.0
    assert share("validate leads", "email_validator") == 0.0
    assert share("validate the lead", "validate_leads") == 1.0  # a plural is the same word
    assert share("resize my photos please", "resize-photos") == 1.0
    assert share("resize my pictures", "resize-photos") == 0.5
    # Loading and running the same item are named alike.
    assert share("open validate leads", "validate_leads", "load") == 1.0


def test_a_word_being_typed_names_the_id_words_it_begins() -> None:
    assert share("validate le", "validate_leads") == 1.0
    assert share("validate l", "validate_leads") == 0.5  # one letter says too little
    assert share("validate le ", "validate_leads") == 0.5  # a finished "le" is not "leads"
    assert share("email val", "email_validator") == 1.0


def test_the_type_the_text_names_tells_one_name_of_two_types_apart() -> None:
    menu = build_menu([
        item(ItemType.DIRECTIVE, "stock_count", "Count the stock of a warehouse."),
        item(ItemType.SCRIPT, "stock_count", "Count the stock of a warehouse."),
        item(ItemType.SCRIPT, "low_stock", "Report the items low on stock."),
    ])

    def named(text: str, kind: ItemType, item_id: str = "stock_count") -> float:
        values = naming(menu, text)
        return float(next(values[d] for d, c in enumerate(menu.decisions) if c.item is not None
                          and c.item.id == item_id and c.item.type is kind and c.verb == "load"))

    assert named("show the stock count script", ItemType.SCRIPT) == 1.0
    assert named("show the stock count script", ItemType.DIRECTIVE) == pytest.approx(2 / 3)
    assert named("cat stock_count.py", ItemType.SCRIPT) > named("cat stock_count.py",
                                                                ItemType.DIRECTIVE)
    assert named("open the stock count workflow", ItemType.DIRECTIVE) == 1.0
    # No type named: both alike, as before. An item whose name is its own is left as it was.
    assert named("show stock count", ItemType.SCRIPT) == named("show stock count",
                                                               ItemType.DIRECTIVE) == 1.0
    assert named("the low stock script", ItemType.SCRIPT, "low_stock") == 1.0
    # A type word still being typed names nothing yet.
    assert named("stock count scr", ItemType.DIRECTIVE) == 1.0


def test_fixed_lines_and_empty_text_get_nothing() -> None:
    assert not naming(MENU, "").any()
    values = naming(MENU, "validate leads")
    for d, decision in enumerate(MENU.decisions):
        if decision.item is None:
            assert values[d] == 0.0


def test_calibration_weighs_evidence_that_predicts_the_answer() -> None:
    rng = np.random.default_rng(3)
    rows = []
    for _ in range(300):
        right = int(rng.integers(0, 6))
        logits = rng.normal(0, 1, 6)
        logits[right] += 1.0  # the model leans the right way, weakly
        named = (rng.random(6) < 0.15).astype(float)
        named[right] = float(rng.random() < 0.7)  # the right line is usually named
        rows.append(Row(logits, np.zeros(6), np.zeros(6), named, right))
    fitted = fit(rows, semantic=False)
    assert fitted["naming_weight"] > 1.0
    assert fitted["semantic_weight"] == 0.0
    assert fitted["accuracy"] > fitted["model_alone"]["accuracy"]
    assert fitted["nll"] < 1.5
    assert "typing" not in fitted  # no prefixes among the rows


def test_text_being_typed_gets_its_own_calibration() -> None:
    rng = np.random.default_rng(5)
    rows = []
    for n in range(400):
        typing = n % 2 == 1
        right = int(rng.integers(0, 6))
        logits = rng.normal(0, 1, 6)
        # Whole requests: the model is sure and right. Prefixes: it leans the right way only.
        logits[right] += 1.0 if typing else 4.0
        rows.append(Row(logits, np.zeros(6), np.zeros(6), np.zeros(6), right, typing=typing))
    fitted = fit(rows, semantic=False)
    assert fitted["examples"] == 200 and fitted["typing"]["examples"] == 200
    # Each fit matches its own rows: the weaker evidence of prefixes gets the larger
    # temperature (flatter probabilities), and each is calibrated on its own rows.
    assert fitted["typing"]["temperature"] > fitted["temperature"]
    assert fitted["ece"] < 0.1 and fitted["typing"]["ece"] < 0.1


TWINS = build_menu([
    item(ItemType.SCRIPT, "resize_photos", "Resize the photos of a folder."),
    item(ItemType.SCRIPT, "resize_photos_old", "Resize the photos of a folder"),
    item(ItemType.DIRECTIVE, "resize_photos_flow", "Resize the photos of a folder."),
    item(ItemType.SCRIPT, "crop_photos", "Crop the photos of a folder."),
])


def probs_of(menu, probs, item_id: str, verb: str = "run") -> float:
    for d, decision in enumerate(menu.decisions):
        if decision.item is not None and decision.item.id == item_id and decision.verb == verb:
            return float(probs[d])
    raise AssertionError(f"no {verb} line for {item_id}")


def test_copies_of_one_job_are_twins_across_names_not_across_types_or_jobs() -> None:
    ids = [tuple(TWINS.items[i].id for i in group) for group in TWINS.twins]
    assert ids == [("resize_photos", "resize_photos_old")]


def test_twins_share_their_probability_unless_the_text_names_one() -> None:
    probs = np.zeros(len(TWINS.decisions))
    for item_id, verb, p in (("resize_photos", "run", 0.8), ("resize_photos_old", "run", 0.1),
                             ("resize_photos", "load", 0.04), ("crop_photos", "run", 0.06)):
        probs[[d for d, c in enumerate(TWINS.decisions)
               if c.item is not None and c.item.id == item_id and c.verb == verb]] = p
    shared = TWINS.share_twins(probs, "resize the photos in assets")
    assert probs_of(TWINS, shared, "resize_photos") == probs_of(TWINS, shared, "resize_photos_old")
    assert probs_of(TWINS, shared, "resize_photos") == pytest.approx(0.45)
    assert probs_of(TWINS, shared, "resize_photos", "load") == pytest.approx(0.02)
    assert probs_of(TWINS, shared, "crop_photos") == 0.06
    assert shared.sum() == pytest.approx(probs.sum())
    # "old" is a word of one twin only: naming it picks that twin, with the pair's probability.
    told = TWINS.share_twins(probs, "resize the photos with the old script")
    assert probs_of(TWINS, told, "resize_photos_old") == pytest.approx(0.9)
    assert probs_of(TWINS, told, "resize_photos") == 0.0
    assert probs_of(TWINS, told, "resize_photos_old", "load") == pytest.approx(0.04)
    assert told.sum() == pytest.approx(probs.sum())


def test_a_large_library_gets_its_own_calibration_with_the_retrievers_weight(
        tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    rows = []
    for _ in range(300):
        right = int(rng.integers(0, 6))
        logits = rng.normal(0, 1, 6)
        logits[right] += 0.5  # the model leans the right way, weakly
        found = rng.random(6) * 0.3
        found[right] += 0.4 if rng.random() < 0.8 else 0.0  # the retriever is usually right
        rows.append(Row(logits, np.zeros(6), np.zeros(6), np.zeros(6), right, retrieval=found))
    start = Calibration(1.3, lexical_weight=2.0, semantic_weight=5.0, naming_weight=1.5)
    fitted = fit_large(rows, start)
    assert fitted["retrieval_weight"] > 3.0
    # Only the temperature and the retriever's weight move: the other weights are start's.
    assert (fitted["lexical_weight"], fitted["semantic_weight"], fitted["naming_weight"]) == (
        2.0, 5.0, 1.5)
    assert fitted["nll"] < fitted["before"]["nll"]
    assert fitted["accuracy"] > fitted["before"]["accuracy"]

    adapter = tmp_path / "router.gguf"
    write_fits(adapter, {"temperature": 1.3, "lexical_weight": 2.0, "large": fitted})
    fits = read_fits(adapter)
    assert fits.for_text(settled=True, large=True).retrieval_weight == fitted["retrieval_weight"]
    # Small libraries and text being typed keep their own fits.
    assert fits.for_text(settled=True).retrieval_weight == 0.0
    assert fits.for_text(settled=False, large=True) is fits.whole
    assert read_fits(tmp_path / "other.gguf").for_text(True, large=True) == Calibration()
