"""Fuzz: any text a user can type or paste, through the real GGUF router.

Any Unicode (control characters, NUL, lone surrogates as Python decodes bytes that are not UTF-8,
right-to-left text, emoji sequences) and pastes of up to 20,000 characters. The router must never
raise, and must answer for the very text it was given, with confidences in [0, 1]; a long text is
read only up to `READ_CHARS` and its prompt stays inside the model's context.

Each fuzz counts the inputs it ran in `RAN` and checks it ran as many as it was asked to.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from predictors.router.base import RouteResult
from predictors.router.keystroke import READ_CHARS, KeystrokeRouter

pytestmark = pytest.mark.slow

RAN: Counter[str] = Counter()
"""Inputs each fuzz ran, by name."""

SHORT_EXAMPLES = 150
"""Texts of up to 200 characters: a keystroke's and a settled pass each (~20-50 ms a pass)."""
LONG_EXAMPLES = 5
"""Pastes of 15,000 to 20,000 characters: each evaluates up to a context's worth of tokens."""



def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])

SPECIAL = ["\x00", "\x1b[31m", "\r\n", "\t", "\u200f", "\u202e", "\u200d", "\ufeff", "\ufffd",
           "👨\u200d👩\u200d👧", "🇫🇷", "é", "\u0301", "שלום", "مرحبا", "日本語", "\udcff", "\ud800",
           "<start_of_turn>", "<bos>", "user:", "\nearlier: x\n"]
"""Pieces random code points rarely make: sequences, special tokens, prompt look-alikes."""

ANY_CHAR = st.one_of(
    st.characters(codec=None),  # every code point but surrogates
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),  # lone surrogates
    st.characters(max_codepoint=0x1F),  # control characters
)
TEXT = st.lists(st.one_of(ANY_CHAR, st.sampled_from(SPECIAL)), max_size=200).map("".join)
HISTORY = st.lists(TEXT, max_size=3)


def long_paste(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


PASTE = st.one_of(
    st.builds(long_paste, TEXT.filter(bool), st.integers(15_000, 20_000)),
    # Worst cases for the token count: a character per token and several tokens per character.
    st.builds(long_paste, st.sampled_from(["a ", "日", "👨\u200d👩\u200d👧", "\U000e0041",
                                           "\x00", "\udcff"]), st.just(20_000)),
)


def check(router: KeystrokeRouter, text: str, result: RouteResult) -> None:
    assert isinstance(result, RouteResult)
    assert result.text == text
    assert 0.0 <= result.none_confidence <= 1.0
    assert len(result.predictions) <= 9
    for prediction in result.predictions:
        assert 0.0 <= prediction.confidence <= 1.0
    total = result.none_confidence + sum(p.confidence for p in result.predictions)
    assert total <= 1.0 + 1e-6
    if result.detail:  # a blank text is answered without a model pass
        prompt = result.detail["evaluated_tokens"] + result.detail["reused_tokens"]
        assert router.session is not None and prompt < router.session.n_ctx


@fuzz(SHORT_EXAMPLES)
@given(text=TEXT, history=HISTORY)
def test_any_text_is_routed(router: KeystrokeRouter, text: str, history: list[str]) -> None:
    RAN["short texts"] += 1
    for settled in (False, True):
        check(router, text, router.route(text, history, settled=settled))


@fuzz(LONG_EXAMPLES)
@given(text=PASTE, history=st.lists(PASTE, max_size=1))
def test_a_long_paste_is_routed(router: KeystrokeRouter, text: str, history: list[str]) -> None:
    RAN["long pastes"] += 1
    for settled in (False, True):
        check(router, text, router.route(text, history, settled=settled))


def test_typing_past_the_read_limit_changes_nothing(router: KeystrokeRouter) -> None:
    """A paste longer than READ_CHARS is read up to there: typing after it neither changes the
    prediction nor costs a model pass."""
    text = long_paste("validate the emails in leads.csv ", 20_000)
    first = router.route(text, settled=False)
    typed = router.route(text + " and more", settled=False)
    assert typed.text == text + " and more"
    assert typed.predictions == first.predictions
    assert typed.detail["evaluated_tokens"] == 0
    # The same as what the first READ_CHARS alone give.
    assert router.route(text[:READ_CHARS], settled=False).predictions == first.predictions


def test_every_fuzz_ran() -> None:
    """Runs after the fuzzes above (pytest keeps the file's order) and reports the counts."""
    if set(RAN) != {"short texts", "long pastes"}:
        return  # run on its own (-k): the fuzzes did not run in this process
    print(f"\nrouter fuzz inputs: {dict(RAN)}")
    assert RAN["short texts"] >= SHORT_EXAMPLES * 0.9
    assert RAN["long pastes"] >= LONG_EXAMPLES * 0.9
