"""Tool calls as the model writes them: any text in, a checked call or an error for it out."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiwi_term.calls import PRIMITIVES, ToolCall
from kiwi_term.orchestrator.model_calls import (
    ArgumentError,
    RefusedCall,
    parse_arguments,
    read_call,
)
from kiwi_term.orchestrator.stream import RequestedCall

LIMIT = 100_000
EXAMPLES = 2000
"""Examples each fuzz asks hypothesis for; each test prints how many ran."""
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30,
)
call_names = st.sampled_from([*PRIMITIVES, "", "run", "search ", "SEARCH"]) | st.text(max_size=20)
argument_texts = (
    st.text()
    | json_values.map(json.dumps)
    | st.builds(lambda depth: "[" * depth + "]" * depth, st.integers(0, 50_000))
    | st.builds(lambda depth: '{"a":' * depth + "1" + "}" * depth, st.integers(0, 50_000))
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "not a list"),
        ('"item_type"', "not a string"),
        ("42", "not a number"),
        ("null", "not null"),
        ('{"item_type": "script", ', "not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "longer than"),
        ("[" * 20_000 + "]" * 20_000, "nested too deeply"),
    ],
)
def test_arguments_that_are_not_an_object_are_an_error_for_the_model(
    text: str, message: str
) -> None:
    parsed = parse_arguments(text, LIMIT)
    assert isinstance(parsed, ArgumentError)
    assert message in parsed.message


def test_an_object_or_nothing_is_read() -> None:
    assert parse_arguments('{"item_type": "script", "query": "email"}', LIMIT) == {
        "item_type": "script", "query": "email"}
    assert parse_arguments("", LIMIT) == {}
    assert parse_arguments("  \n", LIMIT) == {}


def test_a_good_call_is_read_and_a_bad_one_is_refused_with_what_the_model_wrote() -> None:
    good = read_call(RequestedCall("1", "search", '{"item_type": "script", "query": "email"}'),
                     LIMIT)
    assert good == ToolCall("search", {"item_type": "script", "query": "email"})
    listed = read_call(RequestedCall("2", "search", '["script", "email"]'), LIMIT)
    assert isinstance(listed, RefusedCall)
    assert "must be a JSON object, not a list" in listed.message
    assert listed.shown == {"name": "search", "arguments": ["script", "email"]}
    unknown = read_call(RequestedCall("3", "rm", "{}"), LIMIT)
    assert isinstance(unknown, RefusedCall) and "unknown primitive" in unknown.message
    oversized = read_call(RequestedCall("4", "load", "{" * 10, oversized=True), LIMIT)
    assert isinstance(oversized, RefusedCall) and "longer than" in oversized.message


def test_fuzz_parsing_any_text_gives_an_object_or_an_error() -> None:
    ran = 0

    @FUZZ
    @given(text=argument_texts)
    def check(text: str) -> None:
        nonlocal ran
        ran += 1
        parsed = parse_arguments(text, LIMIT)
        if isinstance(parsed, ArgumentError):
            assert parsed.message
        else:
            assert isinstance(parsed, dict) and all(isinstance(k, str) for k in parsed)
            assert len(text) <= LIMIT

    check()
    print(f"parse_arguments fuzz: {ran} examples")
    assert ran >= EXAMPLES // 2


def test_fuzz_reading_any_call_gives_a_checked_call_or_a_refusal() -> None:
    ran = 0

    @FUZZ
    @given(name=call_names, arguments=argument_texts, oversized=st.booleans())
    def check(name: str, arguments: str, oversized: bool) -> None:
        nonlocal ran
        ran += 1
        checked = read_call(RequestedCall("id", name, arguments, oversized), LIMIT)
        if isinstance(checked, RefusedCall):
            assert checked.message and checked.shown["name"] == name
            json.dumps(checked.shown, default=str)
        else:
            assert isinstance(checked, ToolCall) and checked.name in PRIMITIVES
            assert not oversized
            checked.readable()

    check()
    print(f"read_call fuzz: {ran} examples")
    assert ran >= EXAMPLES // 2
