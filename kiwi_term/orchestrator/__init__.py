"""The remote orchestrator: a larger LLM that takes over when the router is unsure.

Build one with `make_orchestrator(kiwi, config, url=..., model=...)` (a `NullOrchestrator`, state
"none", when nothing is configured) and call `run(request, on_event, cancel, consent)` from a
worker thread. The OpenAI SDK is imported only when a provider is configured.

Inside the package, modules import one way: `consent` (what the model may do unasked) ← `base`
(the interface) ← `config`, `credentials`, `faults`, `cache`, `personas`, `null` ← `stream`,
`prompt` ← `client`, `model_calls` ← `exchange` (one request's steps and tool calls) ← `remote` ←
`factory`.
"""

from kiwi_term.orchestrator.base import (
    EventKind,
    Orchestrator,
    OrchestratorEvent,
    OrchestratorReply,
    OrchestratorRequest,
    OrchestratorState,
    RouterNote,
    SentenceEmbedder,
)
from kiwi_term.orchestrator.config import add_arguments, load_settings
from kiwi_term.orchestrator.consent import AskConsent, ConsentPolicy, ConsentRequest
from kiwi_term.orchestrator.factory import make_orchestrator
from kiwi_term.orchestrator.null import NullOrchestrator

__all__ = [
    "AskConsent",
    "ConsentPolicy",
    "ConsentRequest",
    "EventKind",
    "NullOrchestrator",
    "Orchestrator",
    "OrchestratorEvent",
    "OrchestratorReply",
    "OrchestratorRequest",
    "OrchestratorState",
    "RouterNote",
    "SentenceEmbedder",
    "add_arguments",
    "load_settings",
    "make_orchestrator",
]
