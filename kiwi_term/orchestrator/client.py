"""The connection to one provider: its key, the OpenAI SDK client, the model, streamed requests.

Every message that leaves here has the key scrubbed out of it: some servers quote the key they
refused in their error text.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import Any

import openai

from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator import credentials
from kiwi_term.orchestrator.base import OrchestratorEvent
from kiwi_term.orchestrator.config import OrchestratorSettings, ProviderSettings
from kiwi_term.orchestrator.stream import NO_LIMITS, StepLimits, StepOutcome, stream_chat

log = logging.getLogger(__name__)

NO_KEY = "no-key"
"""Sent when a provider has no key: local servers ignore it, and the SDK must never fall back to
OPENAI_API_KEY, which would hand an OpenAI key to whatever server base_url names."""

Emit = Callable[[OrchestratorEvent], None]


class ChatClient:
    """Streams chat completions from one OpenAI-compatible provider."""

    def __init__(self, provider: ProviderSettings, settings: OrchestratorSettings) -> None:
        self.provider = provider
        """The endpoint, its model and how it is asked."""
        self.settings = settings
        """Timeouts and retries."""
        self._lock = threading.Lock()
        self._client: openai.OpenAI | None = None
        self._key: str | None = None
        self._model = provider.model

    def _api_key(self) -> str:
        if self._key is None:
            env_name = self.provider.api_key_env
            found = os.environ.get(env_name, "") if env_name else ""
            # KeyLocked, a wrong passphrase and a key bound to another URL propagate: the
            # request reports them.
            self._key = (found or credentials.get_key(self.provider.name, self.provider.base_url)
                         or NO_KEY)
        return self._key

    def warm_up(self) -> None:
        """Build the SDK client and load its chat types, so the first request does not pay for it.

        The SDK's imports and its first pydantic models cost seconds on a busy machine, which
        would delay the first fault message past the 2 s the user is promised. Harmless to call
        again. Never raises: a locked or missing key is reported by the request that needs it.
        """
        try:
            client = self.client()
            from openai.types.chat import ChatCompletionChunk  # noqa: F401

            _ = client.chat.completions
        except Exception as exc:  # noqa: BLE001 - the first request reports what is wrong
            log.debug("orchestrator warm-up skipped: %s", type(exc).__name__)

    def client(self) -> openai.OpenAI:
        """The SDK client (built on first use, when the key is looked up).

        Raises:
            KiwiError: the key is locked in the encrypted file, or the keyring failed.
        """
        with self._lock:
            if self._client is None:
                s = self.settings
                self._client = openai.OpenAI(
                    base_url=self.provider.base_url,
                    api_key=self._api_key(),
                    timeout=openai.Timeout(
                        connect=s.connect_timeout, read=s.timeout, write=max(s.timeout, 10.0),
                        pool=s.connect_timeout,
                    ),
                    # Retries are ours (stream.py): the SDK's would sleep before the user hears.
                    max_retries=0,
                    default_headers=self.provider.headers or None,
                )
            return self._client

    def redact(self, text: str) -> str:
        """`text` with the provider's key replaced by "[key]"."""
        key = self._key
        return text.replace(key, "[key]") if key and key != NO_KEY and key in text else text

    def stream(self, params: dict[str, Any], emit: Emit, cancel: threading.Event,
               on_text: Callable[[str], None], limits: StepLimits = NO_LIMITS) -> StepOutcome:
        """One streamed request with retries (`stream.stream_chat`); retries are reported as
        "status" events, and the key is scrubbed from every message.

        Raises:
            KiwiError: the key is locked in the encrypted file, or the keyring failed.
        """
        def on_retry(message: str, delay: float, attempt: int) -> None:
            message = self.redact(message)
            emit(OrchestratorEvent(
                "status", text=f"{message}; retrying in {delay:g} s", error=message,
                data={"retry_in": delay, "attempt": attempt}))

        s = self.settings
        outcome = stream_chat(
            self.client(), params, on_text=on_text, on_retry=on_retry, cancel=cancel,
            retries=s.retries, timeout=s.timeout, connect_timeout=s.connect_timeout,
            limits=limits,
        )
        if outcome.error:
            outcome.error = self.redact(outcome.error)
        return outcome

    def resolve_model(self) -> str:
        """The configured model, else the first one the server lists.

        Raises:
            KiwiError: none configured and the server listed none.
        """
        if not self._model:
            try:
                listed = self.client().models.list()
                self._model = next(iter(listed)).id
            except (openai.OpenAIError, StopIteration) as exc:
                raise KiwiError(
                    f"no model is configured for provider {self.provider.name!r} and the server "
                    f"did not list one ({type(exc).__name__}); set `model` in [providers."
                    f"{self.provider.name}] or pass --orchestrator-model"
                ) from None
        return self._model
