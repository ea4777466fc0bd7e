"""FunctionGemma's function-call format, as the training export writes and reads it."""

from __future__ import annotations

import pytest

from kiwi_term.calls import PRIMITIVES, SCHEMAS
from kiwi_term.interactions import functiongemma
from tests.unit.test_interactions import run, search

ROUND_TRIP = [
    search("script", "email"),
    {"name": "load", "arguments": {"item_type": "directive", "item_id": "email_validator",
                                   "source": "user"}},
    run("directive", "email_validator", file="leads, 2026 {final}.csv", strict=True),
    run("script", "x", count=3, ratio=0.25, tags=["a", "b:c"], nested={"Deep": [1, None]}),
    {"name": "execute", "arguments": {"item_type": "knowledge", "item_id": "notes",
                                      "action": "update", "params": {"content": "é\n# ü"}}},
    {"name": "search", "arguments": {}},
]


@pytest.mark.parametrize("call", ROUND_TRIP)
def test_functiongemma_calls_round_trip(call: dict) -> None:
    text = functiongemma.format_call(call)
    assert text.startswith("<start_function_call>call:") and text.endswith("<end_function_call>")
    assert functiongemma.parse_calls(text) == [call]


def test_functiongemma_call_matches_the_documented_layout() -> None:
    text = functiongemma.format_call(search("script", "email"))
    assert text == ("<start_function_call>call:search{item_type:<escape>script<escape>,"
                    "query:<escape>email<escape>}<end_function_call>")


def test_functiongemma_developer_turn_declares_the_primitives() -> None:
    turn = functiongemma.developer_turn()
    assert turn.startswith(functiongemma.ACTIVATION + "<start_function_declaration>")
    declared = functiongemma.parse_declarations(turn)
    assert list(declared) == list(PRIMITIVES)
    for name, body in declared.items():
        parameters = body["parameters"]
        assert parameters["type"] == "OBJECT"
        assert parameters["required"] == SCHEMAS[name]["required"]
        assert set(parameters["properties"]) == set(SCHEMAS[name]["properties"])
    assert declared["search"]["parameters"]["properties"]["item_type"]["enum"] == [
        "directive", "script", "knowledge", "any"]


@pytest.mark.parametrize("bad", [
    "<start_function_call>call:search{query:<escape>x}<end_function_call>",
    "<start_function_call>call:search{query:<escape>x<escape>",
    "<start_function_call>call:search{query x}<end_function_call>",
    "<start_function_call>search{}<end_function_call>",
    "<start_function_call>call:search{n:12abc}<end_function_call>",
])
def test_functiongemma_parser_rejects_malformed_calls(bad: str) -> None:
    with pytest.raises(functiongemma.FormatError):
        functiongemma.parse_calls(bad)


def test_functiongemma_refuses_what_it_cannot_hold() -> None:
    with pytest.raises(ValueError):
        functiongemma.format_call(search("any", "say <escape> please"))
    with pytest.raises(ValueError):
        functiongemma.format_call(run("script", "x", **{"a:b": 1}))
