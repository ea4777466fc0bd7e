"""The UI's side of the interaction log: every call guarded, so a log fault never stops the app.

The log itself (kiwi_term.interactions) is optional: the app is handed one or None, and only
calls the methods it documents. Calls happen on the UI thread, at the moments the user acts, so
what is recorded is what was on screen.
"""

from __future__ import annotations

from typing import Any

from predictors.router.base import RouteResult


class Recorder:
    """Forwards to an InteractionLog if there is one; returns None when there is not."""

    def __init__(self, log: Any = None) -> None:
        self.log = log
        """The InteractionLog, or None."""
        self.problem = ""
        """The last fault of the log, shown once in the transcript, then ignored."""
        self._last_shown: tuple[RouteResult, int | None] | None = None

    @property
    def enabled(self) -> bool:
        """Whether anything is recorded."""
        return self.log is not None and bool(getattr(self.log, "enabled", True))

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        if self.log is None:
            return None
        try:
            return getattr(self.log, method)(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - recording must never cost the user a turn
            self.problem = f"interaction log: {method} failed: {exc}"
            return None

    def shown(self, result: RouteResult, history: tuple[str, ...], cache_state: str) -> int | None:
        """Record predictions as they are shown; returns the prediction id. A result shown
        again, or then acted on, keeps the id it got the first time."""
        if self._last_shown is not None and self._last_shown[0] is result:
            return self._last_shown[1]
        recorded = self._call(
            "prediction_shown", result.text, list(history),
            [p.to_dict() for p in result.predictions], result.latency_ms, cache_state,
        )
        self._last_shown = (result, recorded)
        return recorded

    def action(self, prediction_id: int | None, action: str, rank: int | None = None,
               call: dict[str, Any] | None = None) -> None:
        """accepted_tab, accepted_alt, accepted_enter, confirmed, corrected (params edited),
        overridden, ignored or orchestrator."""
        if prediction_id is not None:
            self._call("user_action", prediction_id, action, rank=rank, call=call)

    def execution(self, call: dict[str, Any], chosen_by: str, duration_ms: float, status: str,
                  prediction_id: int | None) -> int | None:
        """Record one finished call; returns its id (a target for feedback)."""
        return self._call("execution", call, chosen_by, duration_ms, status,
                          prediction_id=prediction_id)

    def orchestrator_turn(self, reply: Any, prompt: str) -> int | None:
        """Record one orchestrator turn (its reply, and the user's text it answered)."""
        return self._call(
            "orchestrator_turn", reply.provider, reply.model, reply.latency_ms,
            dict(reply.tokens), reply.cached, reply.text, [dict(c) for c in reply.calls],
            prompt=prompt,
        )

    def orchestrator_call(self, made: dict[str, Any], turn_id: int | None) -> None:
        """Record a call the orchestrator ran during a turn ({"call", "result" or "error"})."""
        call = made.get("call")
        if not isinstance(call, dict):
            return
        result = made.get("result")
        ok = made.get("error") is None and (
            not isinstance(result, dict) or result.get("status", "ok") in ("ok", "waiting"))
        self._call("execution", call, "orchestrator", float(made.get("duration_ms") or 0.0),
                   "ok" if ok else "failed", turn_id=turn_id)

    def feedback(self, good: bool, target_id: int | None) -> bool:
        """Mark the last result good or bad; False when nothing was recorded."""
        if self.log is None:
            return False
        self.problem = ""
        self._call("feedback", good, target_id=target_id)
        return not self.problem

    def mark(self, good: bool, target: tuple[str, int | None] | None) -> str:
        """Ctrl+G / Ctrl+N: mark the last result (`target`: its kind and log id) good or bad;
        returns what to tell the user."""
        if not self.enabled:
            return "The interaction log is off, so feedback is not recorded."
        if target is None:
            return "Nothing has run yet to mark."
        self.feedback(good, target[1])
        return f"Marked the last result {'good' if good else 'bad'}."

    def close(self) -> None:
        """Close the log."""
        self._call("close")
