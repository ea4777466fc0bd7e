"""Calibrating the router: one temperature, fitted on examples from libraries it never saw."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from predictors.evaluate import ece
from predictors.llama_session import LlamaSession
from predictors.menu import LABELS
from predictors.training.data import Pack


def pack_logits(session: LlamaSession, packs: Sequence[Pack],
                progress: Callable[[int, int], None] | None = None
                ) -> list[tuple[np.ndarray, int]]:
    """(logits over the menu's labels, index of the right one) for every request of the packs,
    computed by llama.cpp exactly as the router computes them at run time."""
    label_ids = np.array([session.token_id(f" {c}") for c in LABELS])
    out = []
    total = sum(len(p.requests) for p in packs)
    for pack in packs:
        count = len(pack.labels)
        for request, answer in pack.requests:
            scored = session.score(session.tokenize(pack.prefix + request), label_ids[:count])
            out.append((scored.logits, pack.labels.index(answer)))
            if progress is not None:
                progress(len(out), total)
    return out


def _nll(rows: Sequence[tuple[np.ndarray, int]], temperature: float) -> float:
    total = 0.0
    for logits, right in rows:
        scaled = logits / temperature
        scaled = scaled - scaled.max()
        total -= scaled[right] - np.log(np.exp(scaled).sum())
    return total / max(len(rows), 1)


def fit_temperature(rows: Sequence[tuple[np.ndarray, int]]) -> dict[str, float]:
    """The temperature with the least negative log-likelihood, and what it gives."""
    grid = np.exp(np.linspace(np.log(0.25), np.log(8.0), 81))
    best = min(grid, key=lambda t: _nll(rows, float(t)))
    confidences, correct = [], []
    for logits, right in rows:
        scaled = logits / best
        probs = np.exp(scaled - scaled.max())
        probs /= probs.sum()
        confidences.append(float(probs.max()))
        correct.append(int(probs.argmax()) == right)
    return {
        "temperature": round(float(best), 4),
        "nll": round(_nll(rows, float(best)), 4),
        "accuracy": round(float(np.mean(correct)), 4) if correct else 0.0,
        "ece": round(ece(confidences, correct), 4),
        "examples": len(rows),
    }


def write_calibration(adapter: Path, fitted: dict[str, float]) -> Path:
    """Store the fitted temperature beside the adapter, where the router reads it."""
    path = adapter.with_suffix(".calibration.json")
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(fitted, indent=2) + "\n")
    tmp.replace(path)
    return path
