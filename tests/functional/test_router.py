"""The keystroke router on the real model and the shipped adapter, on a copy of the dev library."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from context_cache.warm import WarmCache
from kiwi_term.errors import KiwiError
from kiwi_term.primitives import Kiwi
from predictors.router.keystroke import KeystrokeRouter
from predictors.router.registry import make_router
from predictors.runtime.models import adapter_path

DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev" / "project"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def kiwi(tmp_path_factory: pytest.TempPathFactory) -> Kiwi:
    if not DEV.is_dir():
        pytest.skip("the shared dev project is not beside this checkout")
    project = tmp_path_factory.mktemp("dev") / "project"
    shutil.copytree(DEV, project)
    return Kiwi(project)


@pytest.fixture(scope="module")
def router(kiwi: Kiwi, router_model_file: Path):
    built = KeystrokeRouter(kiwi, model=router_model_file)
    built.start()
    yield built
    built.close()


def test_the_shipped_adapter_is_loaded(router: KeystrokeRouter) -> None:
    assert adapter_path() is not None, "assets/router/kiwi-router.gguf ships with Kiwi"
    assert router.adapter_path == adapter_path()
    assert router.calibration.whole.temperature > 0
    # Text being typed has its own calibration, fitted on held-out prefixes.
    assert router.calibration.typing is not None
    assert router.calibration.typing != router.calibration.whole


@pytest.mark.parametrize("content", ['{"temperature": "warm"}', '{"lexical_weight": 1}',
                                     '{"temperature": -1}', "[1, 2]", "not json"])
def test_a_broken_calibration_file_is_a_clear_error(
    kiwi: Kiwi, router_model_file: Path, tmp_path: Path, content: str
) -> None:
    adapter = tmp_path / "kiwi-router.gguf"
    shutil.copy(adapter_path(), adapter)
    adapter.with_suffix(".calibration.json").write_text(content)
    broken = KeystrokeRouter(kiwi, model=router_model_file, adapter=adapter)
    with pytest.raises(KiwiError, match="not a router calibration"):
        broken.start()
    assert broken.session is None  # nothing was loaded


def test_ranked_calibrated_predictions(router: KeystrokeRouter) -> None:
    result = router.route("run the csv_parser script")
    confidences = [p.confidence for p in result.predictions]
    assert confidences == sorted(confidences, reverse=True)
    assert all(0.0 <= c <= 1.0 for c in confidences)
    # The decisions form one distribution: calls and "no call" cannot add up to more than 1.
    assert sum(confidences) + result.none_confidence <= 1.0 + 1e-6
    top = result.top
    assert top is not None
    assert top.call.to_dict() == {
        "name": "execute",
        "arguments": {"item_type": "script", "item_id": "csv_parser", "action": "run"},
    }


def test_named_items_beat_their_neighbours(router: KeystrokeRouter) -> None:
    load = router.route("show me the deploy_prod directive").top
    assert load is not None and load.call.name == "load"
    assert load.call.arguments["item_id"] == "deploy_prod"
    search = router.route("search scripts for csv").top
    assert search is not None and search.call.name == "search"
    assert search.call.arguments["item_type"] == "script"
    assert "csv" in search.call.arguments["query"]


def test_chit_chat_gets_no_confident_call(router: KeystrokeRouter) -> None:
    result = router.route("thanks, that was great")
    assert result.top is None or result.top.confidence < 0.6


def test_a_keystroke_evaluates_only_its_own_tokens(router: KeystrokeRouter) -> None:
    router.route("validate the lead", settled=False)
    result = router.route("validate the leads", settled=False)
    assert result.detail["reused_tokens"] > 300  # the menu came from the cache
    assert result.detail["evaluated_tokens"] <= 8


def _ranking(result) -> list[tuple[dict, float]]:
    return [(p.call.to_dict(), p.confidence) for p in result.predictions]


def test_a_settled_text_does_not_depend_on_what_was_typed_before(
    router: KeystrokeRouter,
) -> None:
    text = "search for validator directives"
    for end in range(1, len(text) + 1):
        router.route(text[:end], settled=False)
    typed = router.route(text)
    # The whole request was evaluated again after the menu, not only its last token.
    assert typed.detail["evaluated_tokens"] >= len(text.split())
    again = router.route(text)
    assert again.detail["evaluated_tokens"] == 0  # the same settled text costs nothing twice
    router.route("thanks, that was great")
    fresh = router.route(text)
    assert _ranking(typed) == _ranking(again) == _ranking(fresh)
    assert typed.none_confidence == fresh.none_confidence


def test_arguments_come_from_existing_items_or_the_users_words(
    router: KeystrokeRouter, kiwi: Kiwi
) -> None:
    known = {(i.type.value, i.id) for i in kiwi.library.items()}
    for text in ("open the deploy checklist", "run sync", "new script for parsing invoices"):
        for prediction in router.route(text).predictions:
            args = prediction.call.arguments
            if prediction.call.name == "search":
                assert args["query"].strip()
            elif args.get("action") == "create":
                assert (args["item_type"], args["item_id"]) not in known
            else:
                assert (args["item_type"], args["item_id"]) in known


def test_history_through_the_warm_cache(router: KeystrokeRouter, kiwi: Kiwi) -> None:
    cache = WarmCache(kiwi.library)
    cache.observe("the api keeps returning 500s")
    result = router.route("run the checker", ("the api keeps returning 500s",), cache.context())
    assert result.top is not None
    assert result.top.call.arguments.get("item_id") == "endpoint_checker"


def test_embedding_router_is_registered_and_different(kiwi: Kiwi) -> None:
    embedding = make_router("embedding", kiwi)
    embedding.start()
    result = embedding.route("search scripts for csv")
    assert result.top is not None and result.top.call.name == "search"
    assert np.isfinite(result.top.confidence)


def test_two_copies_of_a_job_are_shown_side_by_side_at_split_confidence(
    tmp_path: Path, router_model_file: Path
) -> None:
    if not DEV.is_dir():
        pytest.skip("the shared dev project is not beside this checkout")
    project = tmp_path / "project"
    shutil.copytree(DEV, project)
    scripts = project / ".ai" / "scripts"
    shutil.copy(scripts / "csv_parser.py", scripts / "csv_parser_old.py")
    copies = {"csv_parser", "csv_parser_old"}
    router = KeystrokeRouter(Kiwi(project), model=router_model_file)
    router.start()
    try:
        result = router.route("parse the csv files into json records")
        first, second = result.predictions[:2]
        assert {first.call.arguments["item_id"], second.call.arguments["item_id"]} == copies
        assert first.call.arguments["action"] == second.call.arguments["action"] == "run"
        # The items share it evenly (the first's values, filled, may make its call less sure).
        assert first.item_sure == pytest.approx(second.item_sure)
        assert first.item_sure < 0.6  # neither runs on Enter: the user is asked which
        # Naming one copy tells them apart.
        named = router.route("run csv_parser_old on the export").top
        assert named is not None and named.call.arguments["item_id"] == "csv_parser_old"
        assert named.item_sure > result.predictions[1].item_sure
    finally:
        router.close()
