"""A run's params from the user's words, through the real router on a library with a schema."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from kiwi_term.config import DEFAULTS, Config
from kiwi_term.errors import KiwiError
from kiwi_term.library.params import missing_inputs
from kiwi_term.primitives import Kiwi
from predictors.router.keystroke import KeystrokeRouter
from tests.conftest import write

pytestmark = pytest.mark.slow

RESIZE = '''"""Resize the images of a folder to a width, in a format."""
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--folder", required=True, help="the folder of images")
parser.add_argument("--width", type=int, default=800)
parser.add_argument("--format", choices=["png", "jpg", "webp"])
args = parser.parse_args()
print(vars(args))
'''

OFFBOARD = '''"""Offboard a leaving employee: disable their accounts and hand over their files."""
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--name", required=True, help="the employee's first name")
args = parser.parse_args()
print(vars(args))
'''


@pytest.fixture(scope="module")
def kiwi(tmp_path_factory: pytest.TempPathFactory) -> Kiwi:
    root = tmp_path_factory.mktemp("params")
    ai = root / ".ai"
    write(ai / "scripts" / "resize_images.py", RESIZE)
    write(ai / "scripts" / "backup_photos.py", '"""Back up the photo library to the NAS."""\n')
    write(ai / "scripts" / "offboard_user.py", OFFBOARD)
    write(ai / "directives" / "restart_deployment.xml", """
        <directive name="restart_deployment"><metadata>
        <description>Restart a Kubernetes deployment and wait until it is ready.</description>
        </metadata><inputs><input name="deployment" type="string" required="true">Deployment
        name</input></inputs></directive>""")
    write(ai / "directives" / "validate_leads.xml", """
        <directive name="validate_leads"><metadata>
        <description>Validate a leads export before it goes to the CRM.</description></metadata>
        <inputs><input name="file" type="path" required="true">Leads export</input></inputs>
        </directive>""")
    return Kiwi(root, Config(), user_home=root / "home" / ".ai")


@pytest.fixture(scope="module")
def router(kiwi: Kiwi, router_model_file: Path):
    built = KeystrokeRouter(kiwi, model=router_model_file)
    built.start()
    yield built
    built.close()


@pytest.fixture(scope="module")
def rules_router(kiwi: Kiwi, router_model_file: Path):
    """The same router with the model's filling turned off (`[router] fill_params = false`):
    the words' rules alone fill params, and the filling adapter is not loaded."""
    data = copy.deepcopy(DEFAULTS)
    data.setdefault("router", {})["fill_params"] = False
    assert kiwi.project is not None
    alone = Kiwi(kiwi.project, Config(data=data), user_home=kiwi.project / "home" / ".ai")
    built = KeystrokeRouter(alone, model=router_model_file)
    built.start()
    yield built
    built.close()


def top_call(router: KeystrokeRouter, text: str, history: tuple[str, ...] = ()):
    result = router.route(text, history, settled=True)
    assert result.top is not None
    return result.top.call


def test_a_number_a_path_and_a_choice(router: KeystrokeRouter) -> None:
    call = top_call(router, "resize the images in ./holiday to 1,200 wide as webp")
    assert call.arguments["item_id"] == "resize_images"
    assert call.arguments["params"] == {"folder": "./holiday", "width": 1200, "format": "webp"}


def test_a_path_from_an_earlier_turn(router: KeystrokeRouter) -> None:
    call = top_call(router, "validate the leads from the trade show",
                    ("i saved the trade show leads to exports/tradeshow.csv",))
    assert call.arguments["item_id"] == "validate_leads"
    assert call.arguments["params"] == {"file": "exports/tradeshow.csv"}


def test_a_name_from_the_request_or_from_history(router: KeystrokeRouter) -> None:
    call = top_call(router, "offboard tom")
    assert call.arguments["item_id"] == "offboard_user"
    assert call.arguments["params"] == {"name": "tom"}
    call = top_call(router, "restart it", ("the checkout deployment is stuck again",))
    assert call.arguments["item_id"] == "restart_deployment"
    assert call.arguments["params"] == {"deployment": "checkout"}


def test_a_wrong_typed_value_is_never_proposed(router: KeystrokeRouter) -> None:
    call = top_call(router, "resize the images in ./holiday to extra wide as gif")
    assert call.arguments["item_id"] == "resize_images"
    # "extra wide" is no whole number and gif is not one of the formats: neither is filled.
    assert call.arguments["params"] == {"folder": "./holiday"}


def test_a_missing_required_param_is_asked_for_not_run(kiwi: Kiwi,
                                                       router: KeystrokeRouter) -> None:
    call = top_call(router, "resize the images to 640 wide")
    assert call.arguments["item_id"] == "resize_images"
    params = call.arguments.get("params")
    assert params == {"width": 640}
    item = kiwi.run_target(call)
    assert item is not None
    assert [spec.name for spec in missing_inputs(item, params)] == ["folder"]
    with pytest.raises(KiwiError, match="folder"):
        kiwi.execute("script", "resize_images", "run", params)


def test_the_model_reads_the_value_out_of_the_words_around_it(
        router: KeystrokeRouter, rules_router: KeystrokeRouter) -> None:
    assert router.fills_params and not rules_router.fills_params
    text = "please offboard our intern kenji today"
    result = router.route(text, (), settled=True)
    assert result.detail["params_asked"] == 1  # the model answered `name`, not the rules
    assert result.top is not None and result.top.call.arguments["params"] == {"name": "kenji"}
    # The rules alone take the run of words after the verb.
    assert top_call(rules_router, text).arguments["params"] == {"name": "intern kenji"}


def test_filling_never_moves_routing(router: KeystrokeRouter,
                                     rules_router: KeystrokeRouter) -> None:
    """The filling adapter acts only on the params after the request: every prediction, before
    and after a fill and on the text of a fill itself, is the router's own."""
    texts = ["please offboard our intern kenji today", "back up the photos",
             "the payments service keeps crashing, please restart payments",
             "please offboard our intern kenji", "resize the images in ./holiday to 1,200 wide"]
    asked = 0
    for text in texts:
        for settled in (True, False):
            ours = router.route(text, (), settled=settled)
            alone = rules_router.route(text, (), settled=settled)
            asked += ours.detail.get("params_asked", 0)
            # A settled text's request is read in one pass after the menu, whatever the cache
            # held, so it must agree exactly; a keystroke reuses what the cache holds, and
            # llama.cpp's sums differ slightly with how a prompt was split into passes (so two
            # unlikely calls of near the same probability may swap places at the tail).
            ranked = {(p.call.name, p.call.arguments.get("item_id")): p.item_sure
                      for p in ours.predictions}
            assert ranked == pytest.approx({
                (p.call.name, p.call.arguments.get("item_id")): p.confidence
                for p in alone.predictions}, abs=1e-9 if settled else 1e-3)
            assert ours.top is not None and alone.top is not None
            assert ours.top.call.arguments.get("item_id") == alone.top.call.arguments.get(
                "item_id")
    assert asked >= 2  # the model did fill in between


FUNCTIONS = Path(__file__).resolve().parents[2] / "benchmarks" / "cases" / "functions_e"


def test_a_request_that_gives_a_scripts_values_runs_it_and_one_that_asks_to_see_it_loads_it(
    router_model_file: Path,
) -> None:
    router = KeystrokeRouter(Kiwi(FUNCTIONS, Config()), model=router_model_file)
    router.start()
    try:
        # The model alone reads this question as "show me hull_speed"; a 32 foot boat is a
        # value of its input, and nobody states an input's values to read the script.
        asked = router.route("what's the hull speed of a 32 foot boat?").top
        assert asked is not None and asked.call.name == "execute"
        assert asked.call.arguments["item_id"] == "hull_speed"
        assert asked.call.arguments["params"] == {"waterline_length_ft": 32}
        shown = router.route("show me the hull speed script for a 32 foot boat").top
        assert shown is not None and shown.call.name == "load"
        assert shown.call.arguments["item_id"] == "hull_speed"
    finally:
        router.close()



@pytest.fixture(scope="module")
def functions_router(router_model_file: Path):
    """A router per function-style case set, started once."""
    started: dict[str, KeystrokeRouter] = {}

    def get(name: str) -> KeystrokeRouter:
        if name not in started:
            project = FUNCTIONS.parent / name
            started[name] = KeystrokeRouter(Kiwi(project, Config()), model=router_model_file)
            started[name].start()
        return started[name]

    yield get
    for built in started.values():
        built.close()


def test_the_model_picks_a_required_choice_said_in_other_words(functions_router) -> None:
    text = ("I'm a 34 year old woman, 68 kg and 1.65 m tall; how many calories a day should I "
            "eat to lose weight?")
    result = functions_router("functions_c").route(text, (), settled=True)
    assert result.top is not None
    call = result.top.call
    assert call.arguments["item_id"] == "daily_calorie_target"
    # No rule reads "woman" as `female`; the model, offered the choices, does.
    assert call.arguments["params"]["sex"] == "female"
    assert result.detail["params_asked"] >= 1


def test_an_optional_input_takes_no_stray_phrase_of_the_request(functions_router) -> None:
    call = top_call(functions_router("functions_e"),
                    "Search the library catalog for audiobooks of The Left Hand of Darkness.")
    assert call.arguments["item_id"] == "search_catalog"
    # `branch` is optional and no branch is said: it is not filled ("audiobooks").
    assert call.arguments["params"] == {"query": "The Left Hand of Darkness",
                                        "format": "audiobook"}


def test_a_value_the_model_guessed_makes_the_call_less_sure_than_its_item(
        functions_router) -> None:
    lowered = 0
    for project, text in (
            ("functions_d", "Could you put together the vaccination schedule for our new kitten "
             "Mochi, born on 12 August 2026? We also have two older cats but they're up to date."),
            ("functions_c", "Crank the bedroom thermostat up to 72 Fahrenheit and put it on heat, "
             "the kids keep saying it's cold"),
            ("functions_a", "Scale my pancake recipe from 4 servings to 10.")):
        result = functions_router(project).route(text, (), settled=True)
        top = result.top
        assert top is not None and "params_sure" in result.detail
        sure = result.detail["params_sure"]
        assert 0.0 < sure <= 1.0
        if top.item_confidence is None:
            assert sure == 1.0  # the model guessed nothing, or was certain of every guess
            continue
        # The whole call: its item, and the values the model picked, together.
        assert top.confidence == pytest.approx(top.item_confidence * sure, abs=1e-4)
        assert top.to_dict()["item_confidence"] == round(top.item_confidence, 4)
        if top.item_confidence >= 0.85 > top.confidence:
            lowered += 1  # a sure item that Enter now asks about instead of running
    assert lowered >= 1
