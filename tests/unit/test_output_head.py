"""Scoring through the hidden state must give llama.cpp's own logits, on the real model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kiwi_term.errors import KiwiError
from predictors.router.menu import LABELS
from predictors.runtime.gguf_file import GGUFTensors
from predictors.runtime.llama_session import LlamaSession
from predictors.runtime.models import adapter_path

PROMPTS = [
    "Pick the call that does what the user asks, or none.\nrun a, load b: script csv_parser: "
    "parses csv files\nc: none, just talking\nuser: parse the invoices file\ncall:",
    "Pick the call that does what the user asks, or none.\nrun a, load b: script csv_parser: "
    "parses csv files\nc: none, just talking\nuser: how are you toda\ncall:",
    "Something else entirely\nuser: hello\ncall:",
]


@pytest.fixture(scope="module")
def sessions(router_model_file: Path):
    if router_model_file is None:
        pytest.skip("the router model package is not installed")
    fast = LlamaSession(router_model_file, adapter_path(), threads=2)
    full = LlamaSession(router_model_file, adapter_path(), threads=2, shortcut=False)
    yield fast, full
    fast.close()
    full.close()


def test_the_shortcut_reproduces_the_output_layer(sessions) -> None:
    fast, full = sessions
    assert fast.head is not None, "the probe should accept the shortcut for this model"
    assert full.head is None
    ids = np.array([fast.token_id(f" {c}") for c in LABELS])
    fast.llm.reset()
    full.llm.reset()
    for prompt in PROMPTS:
        tokens = fast.tokenize(prompt)
        # Every prefix of the request, as a user types it, with the cache reused in between.
        for end in range(len(tokens) - 6, len(tokens) + 1):
            a, b = fast.score(tokens[:end], ids), full.score(tokens[:end], ids)
            assert (a.evaluated, a.reused) == (b.evaluated, b.reused)
            np.testing.assert_allclose(a.logits, b.logits, atol=1e-3)
            assert int(np.argmax(a.logits)) == int(np.argmax(b.logits))


def test_the_same_prompt_again_is_answered_without_a_pass(sessions) -> None:
    ids = np.array([LABELS.index("a"), 7, 12])
    for session in sessions:
        tokens = session.tokenize(PROMPTS[1])
        first = session.score(tokens, ids)
        again = session.score(tokens, ids)
        assert (again.evaluated, again.reused) == (0, len(tokens))
        np.testing.assert_array_equal(first.logits, again.logits)
        # Another prompt after it is evaluated as usual, from where the two differ.
        other = session.tokenize(PROMPTS[0])
        assert session.score(other, ids).evaluated > 0


def test_a_completion_in_between_is_not_mistaken_for_the_cached_prompt(sessions) -> None:
    fast, _ = sessions
    ids = np.array([fast.token_id(" a")])
    tokens = fast.tokenize(PROMPTS[0])
    fast.score(tokens, ids)
    # The benchmark's baseline generates on the same model, overwriting the cache after the
    # shared head of the two prompts.
    other = PROMPTS[0].replace("parse the invoices file", "something different")
    fast.llm.create_completion(other, max_tokens=4, temperature=0.0)
    shared = 0
    for x, y in zip(tokens, fast.tokenize(other), strict=False):
        if x != y:
            break
        shared += 1
    again = fast.score(tokens, ids)
    assert again.reused <= shared
    assert again.evaluated == len(tokens) - again.reused


def test_a_file_that_is_not_gguf_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "model.gguf"
    bogus.write_bytes(b"not a model at all" * 10)
    with pytest.raises(KiwiError, match="not a GGUF file"):
        GGUFTensors(bogus)
