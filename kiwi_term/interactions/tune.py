"""`kiwi tune`: the confidence thresholds this user's own history supports.

The rules, over decisions (shown predictions the user acted on; a decision is *right* when the
user ran the top prediction and did not mark its result bad, see `history`):

- **auto** (Enter runs the top prediction at once): the lowest threshold t on a 0.01 grid in
  [0.50, 0.99] such that, among decisions whose top confidence is >= t, at least 97% were right,
  with at least `MIN_AUTO_SUPPORT` such decisions. Precision is measured over the whole set that
  would auto-run, since that is what the user would live with.
- **confirm** (Enter asks before running): the lowest threshold t on a 0.01 grid in
  [0.30, auto) such that, among decisions with t <= confidence < auto (those that would ask), at
  least half were right, with at least `MIN_CONFIRM_SUPPORT` such decisions. Below it a
  confirmation would be refused more often than not, so Enter should not ask.

Without enough history a threshold is not recommended and the current one stays. The evidence is
the count of decisions and right ones per 0.05-wide confidence bucket.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiwi_term.errors import KiwiError
from kiwi_term.interactions.history import History

AUTO_PRECISION = 0.97
CONFIRM_ACCEPTANCE = 0.5
MIN_AUTO_SUPPORT = 20
MIN_CONFIRM_SUPPORT = 10
AUTO_GRID = tuple(round(0.50 + i / 100, 2) for i in range(50))
CONFIRM_FLOOR = 0.30
BUCKET_WIDTH = 0.05


@dataclass
class Tuning:
    """Current and recommended thresholds with the evidence behind them."""

    current: dict[str, float]
    """`auto` and `confirm` as configured now."""
    recommended: dict[str, float | None]
    """The thresholds the history supports; None where it does not say (too few decisions)."""
    buckets: list[dict[str, Any]] = field(default_factory=list)
    """Per confidence bucket: `low`, `high`, `decisions`, `right`."""
    checks: list[dict[str, Any]] = field(default_factory=list)
    """Precision of the auto-run set at the current and recommended thresholds."""
    notes: list[str] = field(default_factory=list)
    """Why a threshold was not recommended."""
    decisions: int = 0
    """Decisions with a prediction shown, the base of every count."""

    def changes(self) -> dict[str, tuple[float, float]]:
        """Threshold -> (current, recommended) for those that would change."""
        return {
            key: (self.current[key], value)
            for key, value in self.recommended.items()
            if value is not None and abs(value - self.current[key]) > 1e-9
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON form for `kiwi tune --json`."""
        return {
            "decisions": self.decisions, "current": self.current,
            "recommended": self.recommended,
            "changes": {k: {"from": a, "to": b} for k, (a, b) in self.changes().items()},
            "rules": {"auto_precision": AUTO_PRECISION, "min_auto_decisions": MIN_AUTO_SUPPORT,
                      "confirm_acceptance": CONFIRM_ACCEPTANCE,
                      "min_confirm_decisions": MIN_CONFIRM_SUPPORT},
            "checks": self.checks, "buckets": self.buckets, "notes": self.notes,
        }


def tune(history: History, auto: float, confirm: float) -> Tuning:
    """Recommend thresholds from `history` (see the module docstring for the rules).

    Args:
        auto: the current auto-run threshold.
        confirm: the current confirm threshold.
    """
    labelled = [(c, d.correct) for d in history.decisions
                if d.top is not None and (c := d.confidence) is not None]
    result = Tuning(current={"auto": auto, "confirm": confirm},
                    recommended={"auto": None, "confirm": None}, decisions=len(labelled))
    result.buckets = _buckets(labelled)
    for t in AUTO_GRID:
        chosen = [ok for c, ok in labelled if c >= t]
        if len(chosen) >= MIN_AUTO_SUPPORT and sum(chosen) / len(chosen) >= AUTO_PRECISION:
            result.recommended["auto"] = t
            break
    else:
        result.notes.append(
            f"auto: no threshold reaches {AUTO_PRECISION:.0%} precision over at least "
            f"{MIN_AUTO_SUPPORT} decisions ({len(labelled)} decisions in the log)"
        )
    recommended_auto = result.recommended["auto"]
    new_auto = recommended_auto if recommended_auto is not None else auto
    grid = [round(CONFIRM_FLOOR + i / 100, 2) for i in range(int(round((new_auto - 0.30) * 100)))]
    for t in grid:
        band = [ok for c, ok in labelled if t <= c < new_auto]
        if len(band) >= MIN_CONFIRM_SUPPORT and sum(band) / len(band) >= CONFIRM_ACCEPTANCE:
            result.recommended["confirm"] = t
            break
    else:
        result.notes.append(
            f"confirm: no threshold below auto ({new_auto:.2f}) has at least half of "
            f"{MIN_CONFIRM_SUPPORT} or more decisions right"
        )
    candidates: list[tuple[str, float | None]] = [("current", auto),
                                                  ("recommended", recommended_auto)]
    for label, threshold in candidates:
        if threshold is None:
            continue
        chosen = [ok for c, ok in labelled if c >= threshold]
        result.checks.append({
            "threshold": label, "auto": threshold, "decisions": len(chosen),
            "right": sum(chosen),
            "precision": round(sum(chosen) / len(chosen), 4) if chosen else None,
        })
    return result


def render(result: Tuning) -> str:
    """The recommendation and its evidence, for a person."""
    lines = [f"{result.decisions} decisions with a prediction shown"]
    for key in ("auto", "confirm"):
        new = result.recommended[key]
        shown = f"{new:.2f}" if new is not None else "no recommendation"
        lines.append(f"  {key:<8} current {result.current[key]:.2f}   recommended {shown}")
    for check in result.checks:
        precision = check["precision"]
        lines.append(
            f"  auto-runs at {check['auto']:.2f} ({check['threshold']}): {check['right']}/"
            f"{check['decisions']} right"
            + (f", precision {precision:.3f}" if precision is not None else "")
        )
    lines.extend(f"  note: {n}" for n in result.notes)
    if result.buckets:
        lines.append("  confidence     decisions  right")
        lines.extend(
            f"  {b['low']:.2f}–{b['high']:.2f}  {b['decisions']:>9}  {b['right']:>5}"
            for b in result.buckets
        )
    return "\n".join(lines)


def _buckets(labelled: list[tuple[float, bool]]) -> list[dict[str, Any]]:
    count = int(round(1 / BUCKET_WIDTH))
    rows = [{"low": round(i * BUCKET_WIDTH, 2), "high": round((i + 1) * BUCKET_WIDTH, 2),
             "decisions": 0, "right": 0} for i in range(count)]
    for confidence, ok in labelled:
        index = min(int(confidence / BUCKET_WIDTH + 1e-9), count - 1)
        rows[max(index, 0)]["decisions"] += 1
        rows[max(index, 0)]["right"] += int(ok)
    return [r for r in rows if r["decisions"]]


# -- writing [thresholds] into config.toml -------------------------------------------------

_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_\-\"'. ]+?)\s*\]\s*(#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")


def set_toml_values(text: str, table: str, values: dict[str, float]) -> str:
    """`text` (a TOML document) with `values` set in `[table]`, everything else untouched.

    Existing keys keep their line and trailing comment; missing keys are added at the end of the
    table; a missing table is appended. The result is parsed again and compared with what was
    meant, so a layout this editor does not understand (an inline table, dotted keys) is refused
    rather than corrupted.

    Raises:
        KiwiError: the document does not parse, or could not be edited safely.
    """
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KiwiError(f"config does not parse: {exc}") from None
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start = next((i for i, line in enumerate(lines) if _is_header(line, table)), None)
    if start is None:
        block = [f"{k} = {_toml_float(v)}\n" for k, v in values.items()]
        gap = ["\n"] if lines and lines[-1].strip() else []
        lines += [*gap, f"[{table}]\n", *block]
    else:
        end = next((i for i in range(start + 1, len(lines)) if _ANY_HEADER.match(lines[i])),
                   len(lines))
        last_key = start
        for key, value in values.items():
            pattern = re.compile(rf"^(\s*{re.escape(key)}\s*=\s*)([^#\n]*?)(\s*#.*)?(\n?)$")
            for i in range(start + 1, end):
                match = pattern.match(lines[i])
                if match:
                    lines[i] = (match.group(1) + _toml_float(value) + (match.group(3) or "")
                                + match.group(4))
                    last_key = max(last_key, i)
                    break
            else:
                for i in range(start + 1, end):
                    if lines[i].strip() and not lines[i].lstrip().startswith("#"):
                        last_key = max(last_key, i)
                lines.insert(last_key + 1, f"{key} = {_toml_float(value)}\n")
                last_key += 1
                end += 1
    result = "".join(lines)
    expected = dict(before)
    expected[table] = {**(before.get(table) or {}), **values}
    try:
        after = tomllib.loads(result)
    except tomllib.TOMLDecodeError:
        after = None
    if after != expected:
        raise KiwiError(f"cannot edit [{table}] in this config file safely; set "
                        + ", ".join(f"{k} = {_toml_float(v)}" for k, v in values.items())
                        + f" under [{table}] by hand")
    return result


def _is_header(line: str, table: str) -> bool:
    match = _HEADER.match(line)
    if match is None or line.lstrip().startswith("[["):
        return False
    return match.group(1).strip().strip("\"'") == table


def _toml_float(value: float) -> str:
    text = repr(round(float(value), 4))
    return text if any(c in text for c in ".en") else text + ".0"


def write_thresholds(path: Path, values: dict[str, float]) -> None:
    """Set `[thresholds]` in the config file at `path` (created if missing), atomically.

    Raises:
        KiwiError: the file does not parse or cannot be edited or written.
    """
    from kiwi_term.interactions.export import write_atomic

    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except OSError as exc:
        raise KiwiError(f"cannot read {path}: {exc.strerror or exc}") from None
    write_atomic(path, set_toml_values(text, "thresholds", values))
