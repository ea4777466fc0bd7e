"""The rows a calibration is fitted on: the router's logits and evidence for held-out requests,
computed by llama.cpp as the router computes them (the fit itself is `router/calibration.py`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from predictors.router.calibration import Row
from predictors.router.features import lexical, naming, semantic
from predictors.router.menu import LABELS
from predictors.runtime.llama_session import LlamaSession
from predictors.training.data import Pack


def pack_rows(session: LlamaSession, packs: Sequence[Pack], similarity: Any = None,
              progress: Callable[[int, int], None] | None = None) -> list[Row]:
    """Logits over the menu's labels for every request of the packs, computed by llama.cpp
    as the router computes them for a settled text, with the item evidence beside them."""
    label_ids = np.array([session.token_id(f" {c}") for c in LABELS])
    out = []
    total = sum(len(p.requests) for p in packs)
    for pack in packs:
        count = len(pack.labels)
        menu = session.tokenize(pack.menu.prefix)
        for n, (request, answer) in enumerate(pack.requests):
            # Each request is evaluated in one pass after the menu, as the router reads
            # a settled text.
            scored = session.score(menu + session.tokenize_tail(request), label_ids[:count],
                                   keep=len(menu))
            text, history = pack_request_parts(request)
            out.append(Row(scored.logits, lexical(pack.menu, text, history),
                           semantic(pack.menu, similarity, text, history),
                           naming(pack.menu, text), pack.labels.index(answer),
                           typing=n in pack.cut))
            if progress is not None:
                progress(len(out), total)
    return out


def pack_request_parts(request: str) -> tuple[str, list[str]]:
    """The user's text and earlier turns back out of a rendered request."""
    history, text = [], ""
    for line in request.splitlines():
        if line.startswith("earlier: "):
            history.append(line[len("earlier: "):])
        elif line.startswith("user: "):
            text = line[len("user: "):]
    return text, history
