"""The orchestrator the app gets when none is configured: it refuses every request at once."""

from __future__ import annotations

import threading
from collections.abc import Callable

from kiwi_term.orchestrator.base import (
    Orchestrator,
    OrchestratorEvent,
    OrchestratorReply,
    OrchestratorRequest,
    OrchestratorState,
)
from kiwi_term.orchestrator.consent import AskConsent

NOT_CONFIGURED = (
    "no orchestrator is configured: add a [providers.NAME] table with base_url and model to "
    "config.toml, or start kiwi with --orchestrator-url URL (or set KIWI_ORCHESTRATOR_URL)"
)


class NullOrchestrator(Orchestrator):
    """State "none"; every request is refused with `reason`."""

    name = "none"

    def __init__(self, reason: str) -> None:
        self.reason = reason
        """Why there is none, and how to configure one."""

    @property
    def state(self) -> OrchestratorState:
        """Always `OrchestratorState.NONE`."""
        return OrchestratorState.NONE

    def run(
        self,
        request: OrchestratorRequest,
        on_event: Callable[[OrchestratorEvent], None],
        cancel: threading.Event | None = None,
        consent: AskConsent | None = None,
    ) -> OrchestratorReply:
        """Refuse the request at once with `reason` (one "error" event)."""
        on_event(OrchestratorEvent("error", text=self.reason, error=self.reason))
        return OrchestratorReply(text="", error=self.reason)
