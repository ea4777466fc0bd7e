"""Reading a GGUF file's tensor table, and writing a copy with some tensors replaced.

The `gguf` package's reader builds Python objects for every vocabulary entry, which is slow on
the router model's vocabulary of 262,144 entries. The router needs a few tensors and a few
scalar fields, so this reads the table and skips the arrays.
"""

from __future__ import annotations

import math
import mmap
import struct
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from kiwi_term.errors import KiwiError

_SCALARS = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q",
            12: "d"}
_STRING, _ARRAY = 8, 9


class GGUFTensors:
    """The metadata and tensor table of a GGUF file, with tensors as memory-mapped bytes.

    Only scalar and string fields are decoded; arrays (the vocabulary) are skipped, but kept
    byte for byte by `write_copy`.
    """

    def __init__(self, path: Path) -> None:
        from gguf.constants import GGML_QUANT_SIZES, GGMLQuantizationType

        self.path = path
        with path.open("rb") as handle:
            try:
                self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:  # an empty file cannot be mapped
                raise KiwiError(f"{path} is not a GGUF file") from None
        buf = self._map
        if buf[:4] != b"GGUF":
            raise KiwiError(f"{path} is not a GGUF file")
        try:
            self.version, tensors, count = struct.unpack_from("<IQQ", buf, 4)
            if self.version < 2:
                raise KiwiError(f"{path} is GGUF version {self.version}; 2 or later is needed")
            self.fields: dict[str, Any] = {}
            pos = 24
            for _ in range(count):
                key, pos = self._string(pos)
                (kind,), pos = struct.unpack_from("<I", buf, pos), pos + 4
                value, pos = self._value(kind, pos)
                if value is not None:
                    self.fields[key] = value
            self._field_count = count
            self._fields_end = pos
            self._tensors: dict[str, tuple[Any, tuple[int, ...], int]] = {}
            for _ in range(tensors):
                name, pos = self._string(pos)
                (dims,), pos = struct.unpack_from("<I", buf, pos), pos + 4
                shape = struct.unpack_from(f"<{dims}Q", buf, pos)
                pos += 8 * dims
                kind, offset = struct.unpack_from("<IQ", buf, pos)
                pos += 12
                self._tensors[name] = (GGMLQuantizationType(kind), shape, offset)
        except (struct.error, ValueError) as exc:
            raise KiwiError(f"{path} is not a readable GGUF file: {exc}") from None
        self.alignment = int(self.fields.get("general.alignment", 32))
        self._data = _aligned(pos, self.alignment)
        self._sizes = GGML_QUANT_SIZES
        for name in self._tensors:
            end = self._data + self._tensors[name][2] + self.nbytes(name)
            if end > len(buf):
                raise KiwiError(f"{path} is cut short: tensor {name} runs past its end")

    def _string(self, pos: int) -> tuple[str, int]:
        (size,) = struct.unpack_from("<Q", self._map, pos)
        if pos + 8 + size > len(self._map):
            raise ValueError("a string runs past the end of the file")
        return self._map[pos + 8 : pos + 8 + size].decode("utf-8", "replace"), pos + 8 + size

    def _value(self, kind: int, pos: int) -> tuple[Any, int]:
        if kind == _STRING:
            return self._string(pos)
        if kind in _SCALARS:
            code = _SCALARS[kind]
            return struct.unpack_from("<" + code, self._map, pos)[0], pos + struct.calcsize(code)
        if kind != _ARRAY:
            raise ValueError(f"unknown GGUF value type {kind}")
        inner, length = struct.unpack_from("<IQ", self._map, pos)
        pos += 12
        if inner in _SCALARS:
            return None, pos + length * struct.calcsize(_SCALARS[inner])
        for _ in range(length):  # strings, or arrays of arrays
            _, pos = self._value(inner, pos)
        return None, pos

    def __contains__(self, name: str) -> bool:
        return name in self._tensors

    def names(self) -> list[str]:
        """The tensors' names, in the file's order."""
        return list(self._tensors)

    def kind(self, name: str) -> Any:
        """The quantisation type of a tensor."""
        return self._tensors[name][0]

    def shape(self, name: str) -> tuple[int, ...]:
        """A tensor's shape as numpy orders it: rows last in the file are first here."""
        return tuple(int(n) for n in reversed(self._tensors[name][1]))

    def nbytes(self, name: str) -> int:
        kind, shape, _ = self._tensors[name]
        block, size = self._sizes[kind]
        return math.prod(shape) // block * size

    def raw(self, name: str) -> np.ndarray:
        """A tensor's bytes as stored, one row of blocks per row of the tensor."""
        kind, shape, offset = self._tensors[name]
        block, size = self._sizes[kind]
        rows = math.prod(shape[1:])
        return np.frombuffer(self._map, dtype=np.uint8, count=self.nbytes(name),
                             offset=self._data + offset).reshape(rows, shape[0] // block * size)

    def array(self, name: str) -> np.ndarray:
        """A tensor as float32, in numpy's order, dequantised if it is stored quantised."""
        from gguf.quants import dequantize

        data = np.asarray(dequantize(self.raw(name), self.kind(name)), dtype=np.float32)
        return data.reshape(self.shape(name))

    def rows(self, name: str, ids: list[int]) -> tuple[Any, np.ndarray]:
        """The quantisation type of a 2-D tensor and the raw bytes of the given rows."""
        return self.kind(name), self.raw(name)[ids]

    def write_copy(self, target: Path, replaced: Mapping[str, tuple[Any, np.ndarray]]) -> None:
        """Write this file again with some tensors' data replaced by (type, raw bytes) of the
        same shape. Every field, the vocabulary among them, is copied byte for byte."""
        unknown = set(replaced) - set(self._tensors)
        if unknown:
            raise KiwiError(f"{self.path} has no tensor {sorted(unknown)[0]}")
        table, offset, plan = bytearray(), 0, []
        for name, (kind, shape, _) in self._tensors.items():
            data = replaced[name][1] if name in replaced else self.raw(name)
            kind = replaced[name][0] if name in replaced else kind
            encoded = name.encode("utf-8")
            table += struct.pack("<Q", len(encoded)) + encoded
            table += struct.pack(f"<I{len(shape)}Q", len(shape), *shape)
            table += struct.pack("<IQ", int(kind), offset)
            plan.append(data)
            offset = _aligned(offset + data.nbytes, self.alignment)
        with target.open("wb") as out:
            out.write(b"GGUF" + struct.pack("<IQQ", self.version, len(self._tensors),
                                             self._field_count))
            out.write(self._map[24:self._fields_end])
            out.write(table)
            _pad(out, self.alignment)
            for data in plan:
                out.write(np.ascontiguousarray(data).data.cast("B"))
                _pad(out, self.alignment)


def _aligned(pos: int, alignment: int) -> int:
    return (pos + alignment - 1) // alignment * alignment


def _pad(out: BinaryIO, alignment: int) -> None:
    out.write(b"\0" * (_aligned(out.tell(), alignment) - out.tell()))
