"""The search index's vectors on disk, so the next process embeds only what changed.

A folder holds one `vectors-*.npy` and an `index.json` naming it with each row's (type, id,
source) and the SHA-1 of the text embedded. Writes go to a fresh name first, then the JSON is
replaced, so another Kiwi process on the project reads either the old pair or the new one.
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

CACHE_FORMAT = 1
Key = tuple[str, str, str]
"""(type, id, source) of an item."""


class VectorCache:
    """One folder of stored vectors for one embedding model."""

    def __init__(self, folder: Path, model: str, dimension: int) -> None:
        self.folder = folder
        self.model = model
        self.dimension = dimension
        self._written: str | None = None

    def load(self) -> dict[Key, tuple[str, np.ndarray]]:
        """Vectors a previous process stored, by key with their text's SHA-1; anything
        unreadable is dropped (and so embedded again)."""
        try:
            meta = json.loads((self.folder / "index.json").read_text(encoding="utf-8"))
            expected = [CACHE_FORMAT, self.model, self.dimension]
            if [meta.get("format"), meta.get("model"), meta.get("dimension")] != expected:
                return {}
            vectors = np.load(self.folder / meta["vectors"], allow_pickle=False)
            keys = meta["keys"]
            if vectors.shape != (len(keys), self.dimension) or vectors.dtype != np.float32:
                return {}
            return {(t, i, s): (sha, vectors[n]) for n, (t, i, s, sha) in enumerate(keys)}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            if not isinstance(exc, FileNotFoundError):
                log.warning("search index cache %s not used: %s", self.folder, exc)
            return {}

    def save(self, keys: list[tuple[str, str, str, str]], vectors: np.ndarray) -> None:
        """Store `vectors`, one row per (type, id, source, sha) of `keys`."""
        folder = self.folder
        name = f"vectors-{uuid.uuid4().hex[:12]}.npy"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{name}.tmp"
            with tmp.open("wb") as handle:
                np.save(handle, vectors, allow_pickle=False)
            os.replace(tmp, folder / name)
            meta = {"format": CACHE_FORMAT, "model": self.model, "dimension": self.dimension,
                    "vectors": name, "keys": [list(key) for key in keys]}
            tmp = folder / f".index.json.{uuid.uuid4().hex[:8]}.tmp"
            tmp.write_text(json.dumps(meta), encoding="utf-8")
            os.replace(tmp, folder / "index.json")
            if self._written is not None:
                (folder / self._written).unlink(missing_ok=True)
            self._written = name
            # Another process may have just written its own vectors file and not yet the JSON
            # naming it: leave other recent files alone.
            for old in folder.glob("vectors-*.npy"):
                if old.name != name and time.time() - old.stat().st_mtime > 60:
                    old.unlink(missing_ok=True)
        except OSError as exc:
            # The cache only saves time; search works without it.
            log.warning("could not write the search index cache %s: %s", folder, exc)
