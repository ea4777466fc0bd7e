"""`make_orchestrator`: the orchestrator that the config and the overrides describe."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiwi_term.config import Config
from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator.base import Orchestrator, SentenceEmbedder
from kiwi_term.orchestrator.config import load_settings
from kiwi_term.orchestrator.null import NOT_CONFIGURED, NullOrchestrator

if TYPE_CHECKING:
    from kiwi_term.primitives import Kiwi


def make_orchestrator(
    kiwi: Kiwi,
    config: Config | None = None,
    url: str | None = None,
    model: str | None = None,
    *,
    embedder: SentenceEmbedder | None = None,
) -> Orchestrator:
    """Build the orchestrator the config and overrides describe.

    Args:
        kiwi: the `Kiwi` whose primitives the orchestrator's tool calls run through.
        config: settings (default `kiwi.config`).
        url: `--orchestrator-url`, if given.
        model: `--orchestrator-model`, if given.
        embedder: for persona choice, the response cache and knowledge retrieval (default: the
            shared one, `kiwi.embedder`).

    Returns:
        A `RemoteOrchestrator`, or a `NullOrchestrator` (state "none") when no provider is
        configured or the configuration is wrong; its `reason` says which. Never raises for
        configuration problems, so the terminal always has something to show.
    """
    config = config or kiwi.config
    try:
        settings = load_settings(config, url, model)
    except KiwiError as exc:
        return NullOrchestrator(f"the orchestrator is not configured correctly: {exc}")
    if settings.provider is None:
        return NullOrchestrator(NOT_CONFIGURED)
    # Importing the OpenAI SDK is slow: only a configured orchestrator pays for it.
    from kiwi_term.orchestrator.remote import RemoteOrchestrator

    try:
        return RemoteOrchestrator(kiwi, settings, config=config, embedder=embedder)
    except KiwiError as exc:
        return NullOrchestrator(f"the orchestrator could not be set up: {exc}")
