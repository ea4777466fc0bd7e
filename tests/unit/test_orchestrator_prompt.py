"""The router-aware system prompt, the function tools, and the token budget."""

from __future__ import annotations

import socket
from pathlib import Path

from kiwi_term.calls import DESCRIPTIONS, SCHEMAS
from kiwi_term.config import Config
from kiwi_term.orchestrator import OrchestratorRequest, RouterNote, make_orchestrator
from kiwi_term.orchestrator.personas import Persona
from kiwi_term.orchestrator.prompt import (
    clean_history,
    estimate_tokens,
    fit_conversation,
    message_tokens,
    router_note,
    system_prompt,
    tool_result_text,
    tool_specs,
)
from kiwi_term.primitives import Kiwi

CALL = {"name": "execute", "arguments": {"item_type": "directive", "item_id": "email_validator"}}


def test_the_prompt_explains_the_router_and_the_deference_rule() -> None:
    text = system_prompt(router=RouterNote(CALL, confidence=0.72), auto=0.85, confirm=0.6)
    assert "router" in text
    assert "0.85 or more: trust it" in text
    assert "0.60 to 0.85: verify it" in text
    assert "below 0.60, or none: decide yourself, or ask" in text
    assert "[ROUTER] suggestion: execute(directive, email_validator) · confidence 0.72 " \
           "(verify it)" in text


def test_router_note_says_what_to_do_at_each_confidence() -> None:
    assert "trust it" in router_note(RouterNote(CALL, 0.9))
    assert "verify it" in router_note(RouterNote(CALL, 0.6))
    assert "decide yourself or ask" in router_note(RouterNote(CALL, 0.3))
    assert "no suggestion" in router_note(RouterNote(None, 0.0))
    assert "no prediction for this text yet" in router_note(None)


def test_warm_items_knowledge_and_persona_are_in_the_prompt() -> None:
    warm = [{"type": "script", "id": f"s{n}", "description": "does\nthings " * 30}
            for n in range(20)]
    knowledge = [{"id": "email_rules", "title": "Email rules", "excerpt": "Reject info@."}]
    persona = Persona("reviewer", "reviews code", system="You are a meticulous reviewer.")
    text = system_prompt(persona=persona, warm_items=warm, knowledge=knowledge, warm_limit=5)
    assert text.startswith("You are a meticulous reviewer.")
    listed = [line for line in text.splitlines() if line.startswith("- script s")]
    assert len(listed) == 5 and all(len(line) < 130 for line in listed)
    assert "- email_rules (Email rules): Reject info@." in text
    # What changes each turn comes last, after the fixed part a server can cache.
    assert text.index("Warm items") < text.index("Knowledge") < text.index("\n\n[ROUTER] ")


def test_tools_are_the_three_primitives_with_the_shared_schemas() -> None:
    specs = {spec["function"]["name"]: spec["function"] for spec in tool_specs()}
    assert set(specs) == {"search", "load", "execute"}
    for name, spec in specs.items():
        assert spec["parameters"] == SCHEMAS[name]
        assert spec["description"] == DESCRIPTIONS[name]
    assert [s["function"]["name"] for s in tool_specs(["load"])] == ["load"]


def turns(count: int, size: int = 400) -> list[dict[str, str]]:
    return [{"role": "user" if n % 2 == 0 else "assistant",
             "content": f"turn {n} " + "word " * (size // 5)} for n in range(count)]


def test_the_oldest_turns_are_dropped_first_and_summarised() -> None:
    system, history = "SYSTEM " * 50, turns(20)
    current = [{"role": "user", "content": "the current question"}]
    messages, dropped = fit_conversation(system, history, current, budget=1000)

    assert dropped > 0
    assert messages[0]["role"] == "system" and messages[0]["content"].startswith(system)
    assert messages[-1] == current[0]
    kept = messages[1:-1]
    assert kept == history[dropped:], "the newest turns are kept, in order"
    assert f"Earlier in this conversation ({dropped} older messages" in messages[0]["content"]
    assert f"turn {dropped - 1} " in messages[0]["content"], "the latest dropped turn is summarised"
    assert sum(message_tokens(m) for m in messages) <= 1000


def test_nothing_is_dropped_within_the_budget() -> None:
    history = turns(4, size=40)
    current = [{"role": "user", "content": "hi"}]
    messages, dropped = fit_conversation("SYSTEM", history, current, budget=6000)
    assert dropped == 0 and messages == [{"role": "system", "content": "SYSTEM"}, *history,
                                         *current]


def test_the_system_prompt_and_current_turn_stay_even_over_budget() -> None:
    system = "S" * 4000
    current = [{"role": "user", "content": "Q" * 4000}]
    messages, dropped = fit_conversation(system, turns(3), current, budget=300)
    assert dropped == 3
    assert messages[0]["content"].startswith(system) and messages[-1] == current[0]
    assert "3 older messages of this conversation were left out" in messages[0]["content"]


def test_history_keeps_user_and_assistant_turns_only() -> None:
    cleaned = clean_history([
        {"role": "user", "content": "a"}, {"role": "tool", "content": "ran it"},
        {"role": "assistant", "content": ""}, {"role": "assistant", "content": "b"},
    ])
    assert cleaned == [{"role": "user", "content": "a"},
                       {"role": "user", "content": "[tool] ran it"},
                       {"role": "assistant", "content": "b"}]


def test_long_tool_results_are_cut() -> None:
    text = tool_result_text({"body": "x" * 5000}, None, 300)
    assert len(text) < 360 and text.endswith("more characters]")
    assert tool_result_text(None, "no such item", 300) == '{"error": "no such item"}'
    assert estimate_tokens("abcd" * 10) == 10


def test_a_turn_sends_the_conversation_cut_to_the_token_budget(
    kiwi_env: dict[str, Path],
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config_dir = kiwi_env["KIWI_CONFIG_DIR"]
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text(
        '[orchestrator]\ndefault = "local"\ntoken_budget = 800\nretries = 0\n'
        'knowledge_entries = 0\n'
        f'[providers.local]\nbase_url = "http://127.0.0.1:{port}/v1"\nmodel = "m"\n'
        "response_cache = false\n", encoding="utf-8")
    orchestrator = make_orchestrator(Kiwi(None), Config.load())
    events = []
    request = OrchestratorRequest(text="and now?", history=tuple(turns(30)))
    reply = orchestrator.run(request, events.append)

    (step,) = [e for e in events if "step" in e.data]
    sent = step.data["messages"]
    assert step.data["dropped"] > 0
    assert sent[0]["role"] == "system" and "[ROUTER]" in sent[0]["content"]
    assert sent[-1] == {"role": "user", "content": "and now?"}
    assert sum(message_tokens(m) for m in sent) <= 800
    assert reply.error is not None, "nothing listens on that port"
