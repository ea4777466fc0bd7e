"""Building a model file once into the cache: a digest in its name, a lock, an atomic replace.

The router's model (assembled from its package's chunks), the embedder (converted to GGUF) and
the router with its adapter folded in are each built once and then read from the cache. Two
processes may build the same file at once; each writes its own partial file and the last rename
wins, so a reader never sees half a file.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from kiwi_term.errors import KiwiError

_locks: dict[Path, threading.Lock] = {}
_locks_guard = threading.Lock()


def digest(files: Iterable[Path], version: int | str = "") -> str:
    """Twelve hex digits naming these files' paths, sizes and times and a builder's version,
    so that a changed input or builder gets a fresh file."""
    key = "|".join(f"{p.resolve()}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files)
    return hashlib.sha256(f"{key}|{version}".encode()).hexdigest()[:12]


def build_once(
    target: Path,
    build: Callable[[Path], None],
    *,
    failure: str,
    is_built: Callable[[Path], bool] = Path.is_file,
    errors: tuple[type[BaseException], ...] = (OSError,),
) -> bool:
    """Make sure `target` exists: if `is_built(target)` is false, `build` writes a partial file
    that then replaces `target` atomically.

    Args:
        target: the file in the cache.
        build: writes the file at the path it is given.
        failure: what the error says went wrong, before the cause.
        is_built: whether a file already at `target` will do.
        errors: the exceptions of `build` that mean it failed, rather than a bug.

    Returns:
        True when this call built the file, False when it was already there.

    Raises:
        KiwiError: the build failed; no partial file is left behind.
    """
    with _locks_guard:
        lock = _locks.setdefault(target, threading.Lock())
    with lock:
        if is_built(target):
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
        try:
            build(partial)
            os.replace(partial, target)
        except errors as exc:
            raise KiwiError(f"{failure}: {type(exc).__name__}: {exc}") from exc
        finally:
            partial.unlink(missing_ok=True)
    return True
