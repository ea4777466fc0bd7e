"""Scoring a few tokens without llama.cpp's output layer.

A router wants the logits of a few dozen label tokens at the last position. llama.cpp computes
all 262,144 of them: for Gemma 3 270M the output layer is a 178 MB Q8_0 matrix read in full on
every pass, about a fifth of a keystroke's time. `HiddenStateHook` stops the pass once the final
hidden state exists, and `OutputHead` multiplies it by the few output rows wanted, read straight
from the GGUF file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from predictors.runtime.gguf_file import GGUFTensors

HIDDEN_STATE = b"result_norm"
"""llama.cpp's name for the final normalised hidden state, the output layer's input."""

PROBE = "Pick the call that does what the user asks.\nuser: find the notes\ncall:"
"""A prompt both ways of scoring must agree on before the shortcut is trusted."""

AGREEMENT = 0.05
"""Largest difference in a logit between llama.cpp's output layer and `OutputHead` that counts as
the same (they agree to ~1e-5 when the activation quantisation is mirrored, to ~0.1 without)."""


def _ggml() -> Any:
    """ggml's C library as llama-cpp-python ships it, with the three calls the hook needs."""
    import ctypes

    import llama_cpp
    from llama_cpp._ctypes_extensions import load_shared_library

    lib = load_shared_library("ggml-base", Path(llama_cpp.__file__).parent / "lib")
    lib.ggml_get_name.restype = ctypes.c_char_p
    lib.ggml_get_name.argtypes = [ctypes.c_void_p]
    lib.ggml_get_data_f32.restype = ctypes.POINTER(ctypes.c_float)
    lib.ggml_get_data_f32.argtypes = [ctypes.c_void_p]
    lib.ggml_nelements.restype = ctypes.c_int64
    lib.ggml_nelements.argtypes = [ctypes.c_void_p]
    return lib


class HiddenStateHook:
    """A llama.cpp evaluation callback that copies the final hidden state of the last position
    and, while `stop` is set, ends the pass there, before the output layer.

    llama.cpp asks the callback about every node of the graph, which costs time in Python, so
    it answers quickly. Nodes it declines are computed together; after the one it wants,
    answering False skips the rest of the graph. Every layer's keys and values are stored
    before the final norm, so the cache stays whole.
    """

    def __init__(self, n_embd: int) -> None:
        import llama_cpp

        self.n_embd = n_embd
        self.stop = False
        self.state: np.ndarray | None = None
        self._lib = _ggml()
        self.callback = llama_cpp.ggml_backend_sched_eval_callback(self._on_node)

    def _on_node(self, tensor: int, ask: bool, _user_data: int) -> bool:
        if self._lib.ggml_get_name(tensor) != HIDDEN_STATE:
            return not ask  # not wanted: computed with its neighbours, and go on
        if ask:
            return True
        count = self._lib.ggml_nelements(tensor)
        if count >= self.n_embd:  # zero when this batch asked for no output
            data = np.ctypeslib.as_array(self._lib.ggml_get_data_f32(tensor), shape=(count,))
            self.state = data[-self.n_embd:].copy()
        return not self.stop


class OutputHead:
    """The output layer's rows for the tokens a caller scores, read from the GGUF file.

    llama.cpp multiplies a Q8_0 matrix by the hidden state after rounding the state to Q8_0
    blocks; the same rounding here gives its logits to ~1e-5.
    """

    def __init__(self, model_path: Path) -> None:
        from gguf import GGMLQuantizationType

        self._file = GGUFTensors(model_path)
        # Gemma and many small models tie the output layer to the token embeddings.
        self._name = "output.weight" if "output.weight" in self._file else "token_embd.weight"
        self._rows: dict[int, np.ndarray] = {}
        self.mirrors_q8 = self._file.kind(self._name) in (
            GGMLQuantizationType.Q8_0, GGMLQuantizationType.Q4_0, GGMLQuantizationType.Q5_0)
        arch = self._file.fields.get("general.architecture", "")
        self.softcap = float(self._file.fields.get(f"{arch}.final_logit_softcapping", 0.0))

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """The output rows of these token ids, dequantised once each."""
        from gguf.quants import dequantize

        missing = [int(i) for i in ids if int(i) not in self._rows]
        if missing:
            kind, raw = self._file.rows(self._name, missing)
            data = np.asarray(dequantize(raw, kind), dtype=np.float32)
            for token, row in zip(missing, data, strict=True):
                self._rows[token] = row
        return np.stack([self._rows[int(i)] for i in ids])

    def logits(self, state: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Logits of `ids` from the final hidden state."""
        if self.mirrors_q8:
            blocks = state.reshape(-1, 32)
            scale = np.abs(blocks).max(axis=1, keepdims=True) / 127.0
            safe = np.where(scale == 0, 1.0, scale)
            state = (np.round(blocks / safe) * scale.astype(np.float16).astype(np.float32))
            state = state.reshape(-1)
        out = self.rows(ids) @ state.astype(np.float32)
        if self.softcap:
            out = self.softcap * np.tanh(out / self.softcap)
        return out.astype(np.float64)
