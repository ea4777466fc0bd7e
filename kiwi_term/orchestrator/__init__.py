"""The remote orchestrator: a larger LLM that takes over when the router is unsure.

Build one with `make_orchestrator(kiwi, config, url=..., model=...)` (a `NullOrchestrator`, state
"none", when nothing is configured) and call `run(request, on_event, cancel)` from a worker
thread. The OpenAI SDK is imported only when a provider is configured.
"""

from kiwi_term.orchestrator.base import (
    Orchestrator,
    OrchestratorEvent,
    OrchestratorReply,
    OrchestratorRequest,
    RouterNote,
)
from kiwi_term.orchestrator.config import (
    NullOrchestrator,
    add_arguments,
    load_settings,
    make_orchestrator,
)

__all__ = [
    "NullOrchestrator",
    "Orchestrator",
    "OrchestratorEvent",
    "OrchestratorReply",
    "OrchestratorRequest",
    "RouterNote",
    "add_arguments",
    "load_settings",
    "make_orchestrator",
]
