"""Scoring a few tokens without llama.cpp's output layer.

A router wants the logits of a few dozen label tokens at the last position. llama.cpp computes
all 262,144 of them: for Gemma 3 270M the output layer is a 178 MB Q8_0 matrix read in full on
every pass, about a fifth of a keystroke's time. `HiddenStateHook` stops the pass once the final
hidden state exists, and `OutputHead` multiplies it by the few output rows wanted, read straight
from the GGUF file.
"""

from __future__ import annotations

import mmap
import struct
from pathlib import Path
from typing import Any

import numpy as np

from kiwi_term.errors import KiwiError

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

    llama.cpp asks the callback about every node of the graph (~1,200 for this model with an
    adapter; ~1.8 ms in Python). Nodes it declines are computed together; after the one it wants,
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


_SCALARS = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q",
            12: "d"}
_STRING, _ARRAY = 8, 9


class GGUFTensors:
    """The metadata and tensor table of a GGUF file, with tensors as memory-mapped bytes.

    The `gguf` package's reader builds Python objects for every vocabulary entry and takes
    ~17 s on this model; this reads what a router needs in ~0.2 s. Only the fields kept are
    decoded: scalars and strings; arrays are skipped.
    """

    def __init__(self, path: Path) -> None:
        from gguf.constants import GGML_QUANT_SIZES, GGMLQuantizationType

        with path.open("rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        buf = self._map
        if buf[:4] != b"GGUF":
            raise KiwiError(f"{path} is not a GGUF file")
        version, tensors, count = struct.unpack_from("<IQQ", buf, 4)
        if version < 2:
            raise KiwiError(f"{path} is GGUF version {version}; 2 or later is needed")
        self.fields: dict[str, Any] = {}
        pos = 24
        for _ in range(count):
            key, pos = self._string(pos)
            (kind,), pos = struct.unpack_from("<I", buf, pos), pos + 4
            value, pos = self._value(kind, pos)
            if value is not None:
                self.fields[key] = value
        self._tensors: dict[str, tuple[Any, tuple[int, ...], int]] = {}
        for _ in range(tensors):
            name, pos = self._string(pos)
            (dims,), pos = struct.unpack_from("<I", buf, pos), pos + 4
            shape = struct.unpack_from(f"<{dims}Q", buf, pos)
            pos += 8 * dims
            kind, offset = struct.unpack_from("<IQ", buf, pos)
            pos += 12
            self._tensors[name] = (GGMLQuantizationType(kind), shape, offset)
        align = int(self.fields.get("general.alignment", 32))
        self._data = (pos + align - 1) // align * align
        self._sizes = GGML_QUANT_SIZES

    def _string(self, pos: int) -> tuple[str, int]:
        (size,) = struct.unpack_from("<Q", self._map, pos)
        return self._map[pos + 8 : pos + 8 + size].decode("utf-8", "replace"), pos + 8 + size

    def _value(self, kind: int, pos: int) -> tuple[Any, int]:
        if kind == _STRING:
            return self._string(pos)
        if kind in _SCALARS:
            code = _SCALARS[kind]
            return struct.unpack_from("<" + code, self._map, pos)[0], pos + struct.calcsize(code)
        if kind != _ARRAY:
            raise KiwiError(f"unknown GGUF value type {kind}")
        inner, length = struct.unpack_from("<IQ", self._map, pos)
        pos += 12
        if inner in _SCALARS:
            return None, pos + length * struct.calcsize(_SCALARS[inner])
        for _ in range(length):  # strings, or arrays of arrays
            _, pos = self._value(inner, pos)
        return None, pos

    def __contains__(self, name: str) -> bool:
        return name in self._tensors

    def kind(self, name: str) -> Any:
        """The quantisation type of a tensor."""
        return self._tensors[name][0]

    def rows(self, name: str, ids: list[int]) -> tuple[Any, np.ndarray]:
        """The quantisation type of a 2-D tensor and the raw bytes of the given rows."""
        kind, shape, offset = self._tensors[name]
        block, size = self._sizes[kind]
        row_bytes = shape[0] // block * size
        table = np.frombuffer(self._map, dtype=np.uint8, count=row_bytes * shape[1],
                              offset=self._data + offset).reshape(shape[1], row_bytes)
        return kind, table[ids]
