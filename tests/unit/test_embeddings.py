"""The embedder: MiniLM as GGUF on llama.cpp gives the vectors sentence-transformers gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kiwi_term.errors import KiwiError
from predictors.runtime.embeddings import Embedder, gguf_path, model_path

SENTENCES = [
    "run the csv parser on leads.csv",
    "Héllo thère, naïve café: how are you?",
    "validate the EMAILS in the sheet!!",
    "x",
    "what's a webhook? (see RFC-7231)",
    "resize every photo in the inbox folder to 1024 px " * 30,  # past the 256-token cut
    "日本語のテキスト",
]


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    model = Embedder()
    assert model.wait(timeout=120)
    return model


def test_vectors_match_sentence_transformers(embedder: Embedder) -> None:
    from sentence_transformers import SentenceTransformer

    reference = SentenceTransformer(str(model_path()), device="cpu").encode(
        SENTENCES, normalize_embeddings=True, convert_to_numpy=True
    )
    ours = embedder.encode(SENTENCES)
    assert ours.shape == (len(SENTENCES), 384) and ours.dtype == np.float32
    cosines = (ours * reference).sum(axis=1)
    assert cosines.min() > 0.999, cosines


def test_batching_does_not_change_a_vector(embedder: Embedder) -> None:
    alone = np.stack([embedder.encode([s])[0] for s in SENTENCES])
    together = embedder.encode(SENTENCES, batch_size=512)
    small = embedder.encode(SENTENCES, batch_size=8)
    np.testing.assert_allclose(together, alone, atol=2e-3)
    np.testing.assert_allclose(small, alone, atol=2e-3)


def test_conversion_is_cached_and_reused(embedder: Embedder) -> None:
    first = gguf_path(model_path())
    stamp = first.stat().st_mtime_ns
    assert gguf_path(model_path()) == first
    assert first.stat().st_mtime_ns == stamp
    assert not list(first.parent.glob("*.partial"))


def test_a_failed_conversion_leaves_nothing_behind(tmp_path: Path) -> None:
    broken = tmp_path / "model"
    broken.mkdir()
    (broken / "config.json").write_text("{}")
    (broken / "model.safetensors").write_bytes(b"not safetensors")
    with pytest.raises(KiwiError, match="could not convert the embedding model"):
        gguf_path(broken)
    with pytest.raises(KiwiError, match="could not convert"):
        Embedder(broken).wait(timeout=60)
    assert not list(tmp_path.rglob("*.partial"))


def test_embedding_never_imports_torch() -> None:
    code = (
        "import sys; from predictors.runtime.embeddings import Embedder; e = Embedder(); e.wait(); "
        "e.encode(['hello']); print('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.split() == ["False", "False"]
