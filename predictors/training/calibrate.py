"""Calibrating the router: a temperature and evidence weights, fitted on examples from libraries
it never saw."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from predictors.evaluate import ece
from predictors.features import lexical, naming, semantic
from predictors.llama_session import LlamaSession
from predictors.menu import LABELS
from predictors.training.data import Pack


@dataclass(frozen=True)
class Row:
    """What the router sees for one held-out request, and the right answer."""

    logits: np.ndarray
    lexical: np.ndarray
    semantic: np.ndarray
    naming: np.ndarray
    right: int
    typing: bool = False
    """The request is a prefix, as typed part-way; otherwise the whole request."""


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


def _scores(row: Row, params: Sequence[float]) -> np.ndarray:
    temperature, lexical_weight, semantic_weight, naming_weight = params
    return (row.logits / temperature + lexical_weight * row.lexical
            + semantic_weight * row.semantic + naming_weight * row.naming)


def _nll(rows: Sequence[Row], params: Sequence[float]) -> float:
    total = 0.0
    for row in rows:
        scaled = _scores(row, params)
        scaled = scaled - scaled.max()
        total -= scaled[row.right] - np.log(np.exp(scaled).sum())
    return total / max(len(rows), 1)


def _report(rows: Sequence[Row], params: Sequence[float]) -> dict[str, float]:
    confidences, correct = [], []
    for row in rows:
        scaled = _scores(row, params)
        probs = np.exp(scaled - scaled.max())
        probs /= probs.sum()
        confidences.append(float(probs.max()))
        correct.append(int(probs.argmax()) == row.right)
    return {
        "nll": round(_nll(rows, params), 4),
        "accuracy": round(float(np.mean(correct)), 4) if correct else 0.0,
        "ece": round(ece(confidences, correct), 4),
    }


MIN_TYPING_ROWS = 50
"""Fewer prefixes than this, and text being typed shares the whole requests' calibration."""


def fit_calibration(rows: Sequence[Row], semantic: bool = True) -> dict[str, Any]:
    """Calibration for whole requests (what Enter decides on) and, under "typing", for text
    still being typed, each fitted on its own held-out requests.

    A prefix is a different question from a whole request: its words are fewer and its last one
    is often half-typed. One fit over both served neither well: fitted on one held-out domain
    and measured on the other, fitting them apart lowered the v3 adapter's ECE on whole
    requests from 0.044 to 0.031 and on prefixes from 0.050 to 0.046.
    """
    whole = [r for r in rows if not r.typing] or list(rows)
    typed = [r for r in rows if r.typing]
    fitted = _fit(whole, semantic)
    if len(typed) >= MIN_TYPING_ROWS:
        fitted["typing"] = _fit(typed, semantic, alone=False)
    return fitted


def _fit(rows: Sequence[Row], semantic: bool, alone: bool = True) -> dict[str, Any]:
    """The temperature and evidence weights with the least negative log-likelihood on held-out
    requests, and (with `alone`) what the model alone gives there."""
    from scipy.optimize import minimize

    def unpack(x: np.ndarray) -> tuple[float, float, float, float]:
        return (float(np.exp(x[0])), float(x[1]), float(x[2]) if semantic else 0.0, float(x[3]))

    def loss(x: np.ndarray) -> float:
        return _nll(rows, unpack(x))

    # A simplex of real size: the default one around zero is too small to leave it.
    simplex = np.array([[0.0, 0.0, 0.0, 0.0], [0.7, 0.0, 0.0, 0.0], [0.0, 3.0, 0.0, 0.0],
                        [0.0, 0.0, 3.0, 0.0], [0.0, 0.0, 0.0, 3.0]])
    found = minimize(loss, simplex[0], method="Nelder-Mead",
                     options={"maxiter": 1000, "xatol": 1e-3, "fatol": 1e-5,
                              "initial_simplex": simplex})
    params = unpack(found.x)
    out: dict[str, Any] = {
        "temperature": round(params[0], 4),
        "lexical_weight": round(params[1], 4),
        "semantic_weight": round(params[2], 4),
        "naming_weight": round(params[3], 4),
        **_report(rows, params),
    }
    if alone:
        best = min((_nll(rows, (t, 0.0, 0.0, 0.0)), t)
                   for t in np.exp(np.linspace(-1.5, 2.0, 60)))[1]
        out["model_alone"] = {"temperature": round(float(best), 4),
                              **_report(rows, (float(best), 0.0, 0.0, 0.0))}
    out["examples"] = len(rows)
    return out


def write_calibration(adapter: Path, fitted: dict[str, Any]) -> Path:
    """Store the fitted temperature beside the adapter, where the router reads it."""
    path = adapter.with_suffix(".calibration.json")
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(fitted, indent=2) + "\n")
    tmp.replace(path)
    return path
