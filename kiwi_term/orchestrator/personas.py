"""Personas: named system scaffolds from the config, fixed with /persona NAME or chosen by meaning.

```toml
[personas.reviewer]
description = "Reviews scripts and code changes for bugs, risks and style."
system = "You are a meticulous code reviewer. Point at lines, explain the risk, suggest a fix."
model = "gpt-4o"        # optional: this persona asks for another model of the same provider
```

Without a fixed persona, the one whose description is most similar to the request (cosine of the
shared sentence embeddings) answers; with no personas, or no embedder ready, none does.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from kiwi_term.config import Config
from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator.base import SentenceEmbedder


@dataclass(frozen=True)
class Persona:
    """One persona from the config."""

    name: str
    description: str
    """What it is for; matched against requests."""
    system: str = ""
    """The scaffold put at the top of the system prompt."""
    model: str = ""
    """A model to use instead of the provider's ("" keeps the provider's)."""


@dataclass(frozen=True)
class PersonaChoice:
    """Which persona answers a request, and why."""

    persona: Persona | None
    similarity: float | None = None
    """Cosine of the request and the description; None when fixed or not chosen by meaning."""
    fixed: bool = False
    """True when the user fixed it with /persona NAME."""

    @property
    def name(self) -> str:
        """The persona's name, "" for none."""
        return self.persona.name if self.persona else ""


def load_personas(config: Config) -> dict[str, Persona]:
    """The `[personas.NAME]` tables, in config order.

    Raises:
        KiwiError: a persona is not a table or has no description.
    """
    personas = {}
    for name, table in config.section("personas").items():
        if not isinstance(table, Mapping):
            raise KiwiError(f"[personas.{name}] must be a table")
        description = str(table.get("description", "")).strip()
        if not description:
            raise KiwiError(f"[personas.{name}] needs a description (used to choose it)")
        personas[name] = Persona(
            name=name,
            description=description,
            system=str(table.get("system", "")).strip(),
            model=str(table.get("model", "")).strip(),
        )
    return personas


class PersonaChooser:
    """Picks the persona for a request; description embeddings are computed once."""

    def __init__(self, personas: Mapping[str, Persona],
                 embedder: SentenceEmbedder | None = None) -> None:
        self.personas = dict(personas)
        """Name -> persona."""
        self.embedder = embedder
        """Sentence embedder (encode(list[str]) -> unit vectors); None disables matching."""
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    def choose(self, fixed: str | None, query_vector: np.ndarray | None) -> PersonaChoice:
        """The persona for one request.

        Args:
            fixed: the name given with /persona, or None.
            query_vector: the request's unit embedding, or None when it could not be embedded.

        Raises:
            KiwiError: `fixed` names no configured persona.
        """
        if fixed:
            persona = self.personas.get(fixed)
            if persona is None:
                known = ", ".join(self.personas) or "none are configured"
                raise KiwiError(f"no persona named {fixed!r} ({known})")
            return PersonaChoice(persona, fixed=True)
        if not self.personas or query_vector is None or self.embedder is None:
            return PersonaChoice(None)
        vectors = self._description_vectors()
        scores = vectors @ np.asarray(query_vector, dtype=np.float32).reshape(-1)
        best = int(np.argmax(scores))
        return PersonaChoice(list(self.personas.values())[best], similarity=float(scores[best]))

    def _description_vectors(self) -> np.ndarray:
        with self._lock:
            if self._vectors is None:
                assert self.embedder is not None, "choose() matches only with an embedder"
                texts = [f"{p.name}: {p.description}" for p in self.personas.values()]
                self._vectors = np.asarray(self.embedder.encode(texts), dtype=np.float32)
            return self._vectors
