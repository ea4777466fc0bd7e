"""The §6 matching rules and metrics, and the argument rules the routers share."""

from __future__ import annotations

import json
import random

import pytest

from kiwi_term.calls import ToolCall
from kiwi_term.errors import KiwiError
from predictors.measure.evaluate import (
    Case,
    ece,
    ece_by_chance,
    evaluate,
    load_cases,
    matches,
    query_tokens,
)
from predictors.router.arguments import mentioned_type, new_item_id, search_query
from predictors.router.base import Prediction, RouteResult


def result(name: str | None, confidence: float = 0.9, **arguments) -> RouteResult:
    if name is None:
        return RouteResult("t", ())
    return RouteResult("t", (Prediction(ToolCall(name, arguments), confidence),))


SEARCH = {"name": "search", "arguments": {"item_type": "script", "query": "email"}}


def test_query_tokens_follow_the_contract() -> None:
    assert query_tokens("Find the Emails for my leads") == ["email", "lead"]
    assert query_tokens("api testing") == ["api", "testing"]
    assert query_tokens("bus") == ["bus"]  # three letters keep their s


@pytest.mark.parametrize(
    ("query", "ok"),
    [
        ("email", True),
        ("emails", True),
        ("email script", True),
        ("email script last week", False),  # three extra tokens
        ("csv", False),
    ],
)
def test_search_query_matches_by_tokens(query: str, ok: bool) -> None:
    got = result("search", item_type="script", query=query)
    assert matches(SEARCH, got) is ok


def test_item_type_id_and_action_match_exactly() -> None:
    expect = {"name": "execute", "arguments": {"item_type": "directive", "item_id": "sync"}}
    assert matches(expect, result("execute", item_type="directive", item_id="sync"))
    assert not matches(expect, result("execute", item_type="script", item_id="sync"))
    assert not matches(expect, result("load", item_type="directive", item_id="sync"))
    create = {"name": "execute", "arguments": {"item_type": "script", "action": "create"}}
    assert matches(create, result("execute", item_type="script", item_id="x", action="create"))
    assert not matches(create, result("execute", item_type="script", item_id="x"))


def test_no_call_matches_none_or_low_confidence() -> None:
    assert matches(None, result(None))
    assert matches(None, result("search", 0.59, item_type="any", query="x"))
    assert not matches(None, result("search", 0.6, item_type="any", query="x"))


def test_ece_of_perfect_and_overconfident_predictions() -> None:
    assert ece([1.0, 1.0], [True, True]) == 0.0
    assert ece([0.95, 0.95], [False, False]) == pytest.approx(0.95)


def test_ece_by_chance_is_the_sampling_floor_of_a_calibrated_router() -> None:
    # Certain predictions leave nothing to chance.
    assert ece_by_chance([1.0] * 10 + [0.0] * 5) == (0.0, 0.0)
    # Fifty coin flips at 0.5 land, on average, a binomial deviation away from their mean.
    median, p90 = ece_by_chance([0.5] * 50)
    assert 0.03 <= median <= 0.07 and median < p90
    # The floor shrinks with more cases.
    assert ece_by_chance([0.5] * 2000)[0] < median / 3
    # An outcome drawn from the confidences themselves lands near the floor.
    rng = random.Random(3)
    confidences = [rng.uniform(0.3, 1.0) for _ in range(50)]
    observed = ece(confidences, [rng.random() < c for c in confidences])
    assert observed <= ece_by_chance(confidences)[1] * 1.5
    assert ece_by_chance(confidences) == ece_by_chance(confidences)  # the same every run


def test_metrics_over_cases() -> None:
    cases = [
        Case("1", (), "find email scripts", SEARCH),
        Case("2", (), "hello", None),
    ]
    answers = {"find email scripts": result("search", 0.9, item_type="script", query="email"),
               "hello": result(None)}
    metrics = evaluate(cases, lambda text, history, **_: answers.get(text, result(None)),
                       keystrokes=True)
    assert metrics["accuracy"] == 1.0
    assert metrics["auto_precision"] == 1.0
    assert metrics["none_accuracy"] == 1.0
    # Only the full text is right, so the lock-in fraction is 1.0.
    assert metrics["lockin_median"] == 1.0
    assert metrics["keystrokes"] == len("find email scripts") + len("hello")


def test_bad_case_file_is_reported(tmp_path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "x", "expect": None}) + "\n{oops\n")
    with pytest.raises(KiwiError, match=":2:"):
        load_cases(path)


def test_search_query_keeps_the_words_the_library_knows() -> None:
    vocab = frozenset({"email", "git", "workflow", "csv"})
    pairs = frozenset({("git", "workflow")})
    assert search_query("find that email script we made last week", vocab, pairs) == "email"
    assert search_query("look up git workflows", vocab, pairs) == "git workflows"
    # Words the library does not know are kept when nothing else is left.
    assert search_query("search scripts for invoices", vocab, pairs) == "invoices"


def test_new_ids_and_named_types() -> None:
    assert new_item_id("new script for parsing invoices") == "parsing_invoices"
    # A possessive or a contraction is one word, not a word and a stray letter.
    assert new_item_id("create a knowledge entry about today's api results") == "api_results"
    assert new_item_id("write a note on Dana\u2019s onboarding") == "dana_onboarding"
    assert search_query("what's in the team's deploy notes") == "team deploy"
    assert mentioned_type("show me the sync directive") == "directive"
    assert mentioned_type("search everything for parsing") == "any"
    assert mentioned_type("run the validator") is None


def test_params_come_from_the_users_words() -> None:
    from pathlib import Path

    from kiwi_term.library.items import Input, Item, ItemType, Source
    from predictors.router.params import call_params

    item = Item(ItemType.DIRECTIVE, "check", Source.PROJECT, Path("check.xml"), "Check a file.",
                inputs=(Input("file", "path", True), Input("strict", "bool")))
    assert call_params(item, "validate leads.csv please") == {"file": "leads.csv"}
    assert call_params(item, "check ./data/in.csv strict=true") == {
        "file": "./data/in.csv", "strict": True}
    assert call_params(item, "validate these emails") == {}
    assert call_params(item, "compare a.csv and b.csv") == {}  # two candidates: ask, don't guess
    assert call_params(item, "check file=x.csv other=1") == {"file": "x.csv"}


RESIZE = {"name": "execute", "arguments": {
    "item_type": "script", "item_id": "resize_images",
    "params": {"folder": ["./assets"], "width": [800], "format": ["", "png"]}}}


def run(**params) -> RouteResult:
    call = ToolCall("execute", {"item_type": "script", "item_id": "resize_images",
                                "action": "run", "params": params})
    return RouteResult("t", (Prediction(call, 0.9),))


@pytest.mark.parametrize(("params", "ok"), [
    ({"folder": "assets", "width": "800"}, True),          # "./assets" normalised; "800" == 800
    ({"folder": "Assets/", "width": 800.0, "format": "PNG"}, True),
    ({"folder": "assets", "width": 800, "format": None}, True),   # left out where "" allows
    ({"folder": "assets"}, False),                          # width is required
    ({"folder": "assets", "width": 801}, False),
    ({"folder": "assets", "width": 800, "height": 600}, False),  # a param the case did not name
    ({"folder": "assets", "width": 800, "format": "jpg"}, False),
])
def test_params_are_judged_when_the_case_names_them(params: dict, ok: bool) -> None:
    assert matches(RESIZE, run(**params)) is ok


def test_booleans_and_lists_compare_after_normalising() -> None:
    params = {"dry_run": [True], "langs": "German, French"}
    want = {"name": "execute", "arguments": {"item_type": "script", "item_id": "resize_images",
                                             "params": params}}
    assert matches(want, run(dry_run="TRUE", langs="german french"))
    assert not matches(want, run(dry_run="false", langs="german french"))


def test_top3_typing_and_params_metrics() -> None:
    right = ToolCall("execute", {"item_type": "script", "item_id": "resize_images",
                                 "action": "run", "params": {"folder": "assets", "width": 800}})
    wrong = ToolCall("load", {"item_type": "script", "item_id": "resize_images"})
    text = "resize assets to 800"

    def route(typed: str, history, settled: bool = True) -> RouteResult:
        # Wrong until the last word is typed, then second; settled, first.
        if settled:
            return RouteResult(typed, (Prediction(right, 0.9), Prediction(wrong, 0.1)))
        if typed.endswith("800"):
            return RouteResult(typed, (Prediction(right, 0.5), Prediction(wrong, 0.4)))
        return RouteResult(typed, (Prediction(wrong, 0.6), Prediction(right, 0.3)))

    cases = [Case("p", (), text, RESIZE), Case("n", (), "thanks", None)]
    metrics = evaluate(cases, route, keystrokes=True)
    assert metrics["top3_accuracy"] == 1.0
    assert metrics["params_cases"] == 1 and metrics["params_accuracy"] == 1.0
    # From half the text on (10 of 20 characters: 11 prefixes), only the full text matches.
    assert metrics["typing_accuracy"] == round(1 / 11, 4)
