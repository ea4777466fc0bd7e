"""Calibration: how the router turns the model's logits and the item evidence into probabilities.

One module owns the formula, its fit and its file, so what `kiwi train` fits is exactly what the
router applies:

    score = logits / temperature + lexical_weight * lexical + naming_weight * naming
            + semantic_weight * semantic + retrieval_weight * retrieval
    probability = softmax(score)

The weights are fitted on held-out libraries, one fit for whole requests (what Enter decides
on) and one, under "typing", for text still being typed. A library larger than one menu gets
a third, under "large", for its settled texts (`kiwi calibrate`): its menus hold the items the
retriever found, near-duplicates among them, and the retriever's own score for each item (words
weighted by their rarity in the whole library, and similarity) is one more piece of evidence.
The file sits beside the adapter as `<adapter>.calibration.json`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from kiwi_term.errors import KiwiError


def softmax(logits: np.ndarray) -> np.ndarray:
    """Probabilities from logits, stable for large values."""
    shifted = np.exp(logits - logits.max())
    return shifted / shifted.sum()


@dataclass(frozen=True)
class Calibration:
    """A temperature for the logits and a weight for each kind of item evidence."""

    temperature: float = 1.0
    """Divides the logits."""
    lexical_weight: float = 0.0
    """Weight of word overlap between request and item."""
    semantic_weight: float = 0.0
    """Weight of embedding similarity between request and item."""
    naming_weight: float = 0.0
    """Weight of the share of an item's id the request names."""
    retrieval_weight: float = 0.0
    """Weight of the retriever's score for the item (a library larger than one menu)."""

    def scores(self, logits: np.ndarray, lexical: np.ndarray | None = None,
               naming: np.ndarray | None = None,
               semantic: np.ndarray | None = None,
               retrieval: np.ndarray | None = None) -> np.ndarray:
        """The calibrated scores of the menu's lines; evidence that is None (not available yet,
        such as similarity before the embedder has loaded) adds nothing."""
        scores = logits / self.temperature
        if self.lexical_weight and lexical is not None:
            scores = scores + self.lexical_weight * lexical
        if self.naming_weight and naming is not None:
            scores = scores + self.naming_weight * naming
        if self.semantic_weight and semantic is not None:
            scores = scores + self.semantic_weight * semantic
        if self.retrieval_weight and retrieval is not None:
            scores = scores + self.retrieval_weight * retrieval
        return scores

    @classmethod
    def from_fitted(cls, fitted: dict[str, Any]) -> Calibration:
        """From one fit as the calibration file stores it.

        Raises:
            ValueError, KeyError, TypeError: not a fit.
        """
        temperature = float(fitted["temperature"])
        if not temperature > 0:
            raise ValueError(f"temperature {temperature} is not positive")
        return cls(temperature, float(fitted.get("lexical_weight", 0.0)),
                   float(fitted.get("semantic_weight", 0.0)),
                   float(fitted.get("naming_weight", 0.0)),
                   float(fitted.get("retrieval_weight", 0.0)))


@dataclass(frozen=True)
class Fits:
    """The calibrations of one adapter."""

    whole: Calibration = Calibration()
    """For whole requests (settled text)."""
    typing: Calibration | None = None
    """For text still being typed; None: the same as `whole`."""
    large: Calibration | None = None
    """For a settled text on a library larger than one menu; None: the same as `whole`."""

    def for_text(self, settled: bool, large: bool = False) -> Calibration:
        """The calibration for a settled text or for one being typed, on a library larger than
        one menu (`large`) or not."""
        if not settled:
            return self.typing or self.whole
        return (self.large or self.whole) if large else self.whole


# -- the file ---------------------------------------------------------------------------------


def calibration_path(adapter: Path) -> Path:
    """Where an adapter's calibration lives."""
    return adapter.with_suffix(".calibration.json")


def read_fits(adapter: Path) -> Fits:
    """The adapter's calibrations; uncalibrated (temperature 1, no evidence) with no file.

    Raises:
        KiwiError: the file is not a router calibration.
    """
    path = calibration_path(adapter)
    if not path.is_file():
        return Fits()
    try:
        fitted = json.loads(path.read_text())
        typing, large = fitted.get("typing"), fitted.get("large")
        return Fits(Calibration.from_fitted(fitted),
                    Calibration.from_fitted(typing) if typing else None,
                    Calibration.from_fitted(large) if large else None)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KiwiError(f"{path}: not a router calibration ({exc})") from None


def taught_params(adapter: Path) -> bool:
    """Whether the adapter was taught to fill params: its training report (`kiwi train`) gives
    a held-out param accuracy."""
    report = adapter.with_suffix(".train.json")
    try:
        return json.loads(report.read_text()).get("valid_param_accuracy") is not None
    except (OSError, ValueError, AttributeError):
        return False


def filler_path(adapter: Path) -> Path:
    """Where a router adapter's params-filling adapter lives (`kiwi train --filler-for`)."""
    return adapter.with_name(f"{adapter.stem}.fill.gguf")


def write_fits(adapter: Path, fitted: dict[str, Any]) -> Path:
    """Store what `fit` returned beside the adapter, atomically."""
    path = calibration_path(adapter)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(fitted, indent=2) + "\n")
    tmp.replace(path)
    return path


# -- the fit ----------------------------------------------------------------------------------


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
    retrieval: np.ndarray | None = None
    """The retriever's score per decision, on a library larger than one menu."""

    def scores(self, calibration: Calibration) -> np.ndarray:
        """This request's scores under a calibration, as the router computes them."""
        return calibration.scores(self.logits, self.lexical, self.naming, self.semantic,
                                  self.retrieval)


MIN_TYPING_ROWS = 50
"""Fewer prefixes than this, and text being typed shares the whole requests' calibration."""


def fit(rows: Sequence[Row], semantic: bool = True) -> dict[str, Any]:
    """Calibration for whole requests (what Enter decides on) and, under "typing", for text
    still being typed, each fitted on its own held-out requests, as the file stores them.

    A prefix is a different question from a whole request: its words are fewer and its last one
    is often half-typed, so one fit over both serves neither well (BENCHMARKS.md).
    """
    whole = [r for r in rows if not r.typing] or list(rows)
    typed = [r for r in rows if r.typing]
    fitted = _fit(whole, semantic)
    if len(typed) >= MIN_TYPING_ROWS:
        fitted["typing"] = _fit(typed, semantic, alone=False)
    return fitted


def _nll(rows: Sequence[Row], calibration: Calibration) -> float:
    total = 0.0
    for row in rows:
        scaled = row.scores(calibration)
        scaled = scaled - scaled.max()
        total -= scaled[row.right] - np.log(np.exp(scaled).sum())
    return total / max(len(rows), 1)


def _report(rows: Sequence[Row], calibration: Calibration) -> dict[str, float]:
    confidences, correct = [], []
    for row in rows:
        probs = softmax(row.scores(calibration))
        confidences.append(float(probs.max()))
        correct.append(int(probs.argmax()) == row.right)
    return {
        "nll": round(_nll(rows, calibration), 4),
        "accuracy": round(float(np.mean(correct)), 4) if correct else 0.0,
        "ece": round(ece(confidences, correct), 4),
    }


def _weights(calibration: Calibration, retrieval: bool = False) -> dict[str, float]:
    """A calibration's temperature and weights as the file stores them."""
    out = {"temperature": round(calibration.temperature, 4),
           "lexical_weight": round(calibration.lexical_weight, 4),
           "semantic_weight": round(calibration.semantic_weight, 4),
           "naming_weight": round(calibration.naming_weight, 4)}
    if retrieval:
        out["retrieval_weight"] = round(calibration.retrieval_weight, 4)
    return out


def fit_large(rows: Sequence[Row], start: Calibration) -> dict[str, Any]:
    """Calibration for settled texts on a library larger than one menu, fitted on requests
    routed there with their retrieval evidence, as the file stores it under "large".

    Only the temperature and the retriever's weight are fitted; the other evidence keeps the
    weights of `start` (the whole requests' fit, made on many more held-out requests). Fitting
    every weight on one kind of large library gained a point there and lost one on a large
    library of another kind (BENCHMARKS.md)."""
    from scipy.optimize import minimize

    def unpack(x: np.ndarray) -> Calibration:
        return replace(start, temperature=float(np.exp(x[0])), retrieval_weight=float(x[1]))

    origin = np.array([np.log(start.temperature), start.retrieval_weight])
    found = minimize(lambda x: _nll(rows, unpack(x)), origin, method="Nelder-Mead",
                     options={"maxiter": 1000, "xatol": 1e-3, "fatol": 1e-5,
                              "initial_simplex": np.array([origin, origin + [0.7, 0.0],
                                                           origin + [0.0, 3.0]])})
    best = unpack(found.x)
    return {**_weights(best, retrieval=True), **_report(rows, best),
            "before": _report(rows, start), "examples": len(rows)}


def _fit(rows: Sequence[Row], semantic: bool, alone: bool = True) -> dict[str, Any]:
    """The temperature and evidence weights with the least negative log-likelihood on held-out
    requests, and (with `alone`) what the model alone gives there."""
    from scipy.optimize import minimize

    def unpack(x: np.ndarray) -> Calibration:
        return Calibration(float(np.exp(x[0])), float(x[1]),
                           float(x[2]) if semantic else 0.0, float(x[3]))

    def loss(x: np.ndarray) -> float:
        return _nll(rows, unpack(x))

    # A simplex of real size: the default one around zero is too small to leave it.
    simplex = np.array([[0.0, 0.0, 0.0, 0.0], [0.7, 0.0, 0.0, 0.0], [0.0, 3.0, 0.0, 0.0],
                        [0.0, 0.0, 3.0, 0.0], [0.0, 0.0, 0.0, 3.0]])
    found = minimize(loss, simplex[0], method="Nelder-Mead",
                     options={"maxiter": 1000, "xatol": 1e-3, "fatol": 1e-5,
                              "initial_simplex": simplex})
    best = unpack(found.x)
    out: dict[str, Any] = {**_weights(best), **_report(rows, best)}
    if alone:
        temperature = min((_nll(rows, Calibration(t)), t)
                          for t in np.exp(np.linspace(-1.5, 2.0, 60)))[1]
        out["model_alone"] = {"temperature": round(float(temperature), 4),
                              **_report(rows, Calibration(float(temperature)))}
    out["examples"] = len(rows)
    return out


# -- calibration error ------------------------------------------------------------------------


def ece(confidences: list[float], correct: list[bool], bins: int = 10) -> float:
    """Expected calibration error over equal-width bins."""
    if not confidences:
        return 0.0
    conf = np.asarray(confidences, dtype=float)
    return float(_ece_rows(conf, np.asarray([correct], dtype=bool), bins)[0])


def ece_by_chance(confidences: list[float], bins: int = 10, draws: int = 4000,
                  seed: int = 0) -> tuple[float, float]:
    """The ECE a perfectly calibrated router with these confidences would show, by chance
    alone, on this many predictions: median and 90th percentile over simulated outcomes.

    On a small case set this floor is large: a prediction at 0.7 is wrong three times in
    ten however well calibrated, and a bin of a few cases rarely lands on its mean.
    """
    if not confidences:
        return 0.0, 0.0
    conf = np.asarray(confidences, dtype=float)
    right = np.random.default_rng(seed).random((draws, len(conf))) < conf
    total = _ece_rows(conf, right, bins)
    return float(np.median(total)), float(np.percentile(total, 90))


def _ece_rows(conf: np.ndarray, right: np.ndarray, bins: int) -> np.ndarray:
    """The ECE of each row of outcomes `right` (rows x predictions) for confidences `conf`."""
    total = np.zeros(len(right))
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = ((low <= conf) & (conf < high)) | ((b == bins - 1) & (conf == 1.0))
        if members.any():
            gap = np.abs(conf[members].mean() - right[:, members].mean(axis=1))
            total += members.sum() / len(conf) * gap
    return total
