"""The routers by name, for `kiwi eval --router NAME` and the `[router] name` setting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiwi_term.primitives import Kiwi
from predictors.router.base import Router
from predictors.router.embedding import EmbeddingRouter
from predictors.router.keystroke import KeystrokeRouter

ROUTERS: dict[str, Callable[..., Router]] = {
    KeystrokeRouter.name: KeystrokeRouter,
    EmbeddingRouter.name: EmbeddingRouter,
}
"""Router factories by name; each takes (kiwi, **options)."""


def make_router(name: str, kiwi: Kiwi, **options: Any) -> Router:
    """Build a router by name (not yet started).

    Raises:
        KeyError: no router of that name.
    """
    if name not in ROUTERS:
        raise KeyError(f"no router {name!r}; known: {', '.join(sorted(ROUTERS))}")
    return ROUTERS[name](kiwi, **options)
