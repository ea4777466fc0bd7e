"""A run's params from the request: candidate values, the rules, and the constrained walk."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kiwi_term.library.items import Input, Item, ItemType, Source
from predictors.router.fill import NONE, candidate_spans, fields, walk
from predictors.router.params import call_params, spans, stated_params


def item(*inputs: Input, name: str = "resize_images", summary: str = "Resize images.") -> Item:
    return Item(ItemType.SCRIPT, name, Source.PROJECT, Path(f"{name}.py"), summary,
                inputs=tuple(inputs))


def kinds(text: str) -> list[tuple[str, str]]:
    return [(s.text, s.kind) for s in spans(text) if s.kind != "word"]


def test_values_are_cut_by_kind() -> None:
    assert kinds("load test https://staging.example.com with 1,200 requests") == [
        ("https://staging.example.com", "url"), ("1,200", "number")]
    assert kinds("parse exports/march.csv and leads.csv") == [
        ("exports/march.csv", "path"), ("leads.csv", "path")]
    assert kinds("hammer localhost:8080 and api.acme.io") == [
        ("localhost:8080", "url"), ("api.acme.io", "url")]
    assert kinds('start on 2027-01-04 or next monday, tag "q3 close"') == [
        ("2027-01-04", "date"), ("next monday", "date"), ('"q3 close"', "quoted")]
    assert kinds("release 1.4.2 to 10.0.0.12") == [("10.0.0.12", "url")]  # a version is a name


def test_numbers_are_read_as_written() -> None:
    values = {s.text: s.value for s in spans("give 120k to 1,200 people, 5% more")}
    assert values == {**values, "120k": "120000", "1,200": "1200", "5%": "5"}


def test_an_input_takes_the_value_it_names_or_asks_for() -> None:
    load = item(Input("url"), Input("requests"), name="api_load_test")
    assert call_params(load, "load test https://staging.example.com with 500 requests") == {
        "url": "https://staging.example.com", "requests": "500"}
    validator = item(Input("file"), Input("column"), name="email_validator")
    assert call_params(validator, "validate the contact column of signups.csv") == {
        "file": "signups.csv", "column": "contact"}
    commit = item(Input("message"), name="git_workflow", summary="Commit and push.")
    assert call_params(commit, "commit with the message fix the login redirect") == {
        "message": "fix the login redirect"}


def test_a_required_value_may_come_from_an_earlier_turn() -> None:
    leads = item(Input("file", "path", True), name="validate_leads", summary="Validate leads.")
    assert call_params(leads, "validate the leads from the trade show",
                       ["i saved the trade show leads to tradeshow.csv"]) == {
        "file": "tradeshow.csv"}
    assert call_params(leads, "validate the leads from the trade show") == {}


def test_what_the_request_leaves_is_the_value_of_the_one_open_input() -> None:
    post = item(Input("role", required=True), name="write_job_post", summary="Draft a job post.")
    assert call_params(post, "draft a job post for senior designer") == {
        "role": "senior designer"}
    # Words apart are not one value, and an input's own name ("role") is never its value.
    assert call_params(post, "draft a job post for senior people in design") == {}
    form = item(Input("candidate", required=True), Input("role", required=True),
                name="reference_check_form", summary="Send a reference check form.")
    assert call_params(form, "send the reference check form for sam for the backend role") == {
        "role": "backend", "candidate": "sam"}
    # A phrase named by an input ends at a comma.
    assert call_params(form, "reference check for candidate ivan, role sre") == {
        "candidate": "ivan", "role": "sre"}
    # An optional input takes what is left only when it is the one string input open.
    offboard = item(Input("employee"), name="offboarding", summary="Offboard an employee.")
    assert call_params(offboard, "kick off offboarding for dana") == {"employee": "dana"}
    two = item(Input("employee"), Input("team"), name="offboarding", summary="Offboard.")
    assert call_params(two, "kick off offboarding for dana") == {}


def test_an_earlier_turns_one_file_fills_a_required_input_that_names_no_kind() -> None:
    ship = item(Input("orders", required=True), name="shipping_cost_calc",
                summary="Estimate shipping costs.")
    assert call_params(ship, "work out the shipping cost for those orders",
                       ["the march export is orders/march.csv"]) == {"orders": "orders/march.csv"}


def test_flags_and_choices_are_stated_not_guessed() -> None:
    sync = item(Input("dry_run", "bool"), Input("store", choices=("shopify", "amazon")),
                name="sync_stock")
    assert stated_params(sync, "push stock to shopify as a dry run") == {
        "dry_run": True, "store": "shopify"}
    assert stated_params(sync, "push stock for real, not a dry run") == {}
    assert stated_params(sync, "push stock to shopify and amazon") == {}


def test_a_value_of_the_wrong_type_is_never_a_candidate() -> None:
    labels = item(Input("skus", "path", True), Input("copies", "int"), name="barcode_labels")
    (skus, copies) = fields(labels, "print 2.5 copies of labels for skus.txt for tom", [])
    assert [c.text for c in copies.candidates] == []
    assert "skus.txt" in [c.text for c in skus.candidates]
    (skus, copies) = fields(labels, "print 3 copies for skus.txt", [])
    assert [c.text for c in copies.candidates] == ["3"]


def test_a_bare_number_is_offered_only_to_a_string_input_that_asks_for_one() -> None:
    tool = item(Input("recipe", "string", True, description="Name of the recipe"),
                Input("order_id", "string"), Input("last_four", "string",
                                                   description="Last four digits of the card"),
                name="scale_recipe")
    recipe, order, card = fields(tool, "the banana bread makes 8 servings", [])
    assert "8" not in [c.text for c in recipe.candidates]
    assert "8" in [c.text for c in order.candidates]
    assert "8" in [c.text for c in card.candidates]


def test_a_phrase_ends_at_a_comma_and_the_items_own_words_are_no_candidates() -> None:
    lights = item(Input("room", "string", True), name="control_lights")
    (room,) = fields(lights, "turn on the kitchen lights in warm white, we're sitting down", [])
    offered = [c.text for c in room.candidates]
    assert "kitchen" in offered and "warm white" in offered
    assert "white we're" not in offered and "warm white we're" not in offered
    assert "lights" not in offered and "kitchen lights" not in offered


def test_words_joined_by_commas_and_a_last_and_are_one_value_for_an_input_of_several() -> None:
    slots = item(Input("people", "string", True), Input("range", "string"),
                 name="calendar_slots")
    assert call_params(slots, "find free slots for alice, bob and chen")["people"] == (
        "alice, bob and chen")
    stats = item(Input("numbers", "string", True, description="Comma-separated numbers"),
                 name="descriptive_stats")
    # A list of words is no list of numbers.
    assert call_params(stats, "the mean, median and mode of 72, 85, 91, 64") == {
        "numbers": "72, 85, 91, 64"}
    assert kinds("offices in Toronto, hybrid and remote") == [("Toronto", "name")]


def test_candidates_include_phrases_and_earlier_turns() -> None:
    found = [s.text for s in candidate_spans("draft a job post for senior designer",
                                             ["we need a backend lead"])]
    assert "senior designer" in found and "backend lead" in found
    assert "for senior" not in found and "a job" not in found


def tokenizer(text: str) -> list[int]:
    """A stand-in tokenizer with one token per character: the walk must work for any."""
    return [ord(c) for c in text]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text("ab.c1 ", min_size=1, max_size=6).filter(lambda v: v.strip() == v),
                max_size=5),
       st.lists(st.integers(0, 50), min_size=1, max_size=40))
def test_the_walk_can_only_answer_a_candidate_or_none(values: list[str], picks: list[int]) -> None:
    values = list(dict.fromkeys(values))
    choices = iter(picks * 50)

    def choose(so_far: list[int], options: list[int], field: int) -> int:
        assert len(options) > 1 and field in (0, 1)
        return next(choices) % len(options)

    tail, picked = walk(tokenizer, ord("\n"), "k", [("file", values), ("n", values)], choose)
    text = "".join(map(chr, tail))
    answers = [line.split(":", 1)[1][1:] for line in text.strip().split("\n")[1:]]
    assert [([*values, NONE])[i] for i in picked] == answers


def test_the_items_own_name_is_never_a_value() -> None:
    resize = item(Input("folder", "string", True), Input("width", "int"))
    assert call_params(resize, "run the resize_images script width=640") == {"width": 640}
    offboard = item(Input("employee", "string", True), name="offboarding",
                    summary="Run the offboarding checklist.")
    assert call_params(offboard, "offboard tom") == {"employee": "tom"}
