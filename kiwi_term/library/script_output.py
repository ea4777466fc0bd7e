"""A script's output as it streams in: bounded in memory, spilled to a capped file on disk.

Memory holds at most the first `keep` bytes of stdout and the last `keep` bytes of stderr (what a
result shows). Once the output outgrows `keep`, everything goes to a log file under
`.ai/outputs/scripts/<id>/`, up to `cap` bytes; past the cap the rest is read and dropped, so the
script is never blocked on a full pipe, and the file and the result say the output was truncated.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import BinaryIO

TRUNCATED = "[kiwi] output truncated"
"""The marker that starts every note about output left out of a result or a log."""


class CapturedOutput:
    """Collects the stdout and stderr chunks of one run."""

    def __init__(self, folder: Path, keep: int, cap: int) -> None:
        self.folder = folder
        """Where the log goes if the output outgrows `keep`."""
        self.keep = max(int(keep), 0)
        self.cap = max(int(cap), 0)
        self.totals = {"stdout": 0, "stderr": 0}
        """Bytes the script wrote to each stream, kept or not."""
        self.written = 0
        """Bytes written to the log files (at most `cap`)."""
        self.path: Path | None = None
        """The log file, once the output outgrew `keep`."""
        self._head = bytearray()
        self._tail = bytearray()
        self._out: BinaryIO | None = None
        self._err: BinaryIO | None = None

    @property
    def total(self) -> int:
        """Bytes written to stdout and stderr together."""
        return self.totals["stdout"] + self.totals["stderr"]

    @property
    def capped(self) -> bool:
        """Whether output past the cap was dropped."""
        return self.total > self.cap and self.path is not None

    def add(self, stream: str, chunk: bytes) -> None:
        """Take one chunk read from `stream` ("stdout" or "stderr")."""
        if self.path is None and self.total + len(chunk) > self.keep:
            # Until now everything fits in memory whole, so the log starts complete.
            self._spill()
        self.totals[stream] += len(chunk)
        if stream == "stdout":
            if len(self._head) <= self.keep:
                self._head += chunk[: self.keep + 1 - len(self._head)]
        else:
            self._tail += chunk
            if len(self._tail) > self.keep:
                del self._tail[: len(self._tail) - self.keep]
        if self.path is not None:
            self._write(stream, chunk)

    def _spill(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        self.path = self.folder / f"{stamp}.log"
        self._out = self.path.open("wb")
        self._out.write(b"# stdout\n")
        self._err = (self.folder / f".{stamp}.stderr.tmp").open("w+b")
        self._write("stdout", bytes(self._head))
        self._write("stderr", bytes(self._tail))

    def _write(self, stream: str, chunk: bytes) -> None:
        room = self.cap - self.written
        if room <= 0 or not chunk:
            return
        piece = chunk[:room]
        target = self._out if stream == "stdout" else self._err
        assert target is not None
        target.write(piece)
        self.written += len(piece)

    def close(self) -> Path | None:
        """Finish the log (stderr appended after stdout, the cap noted); return its path."""
        if self.path is None or self._out is None or self._err is None:
            return None
        out, err = self._out, self._err
        try:
            out.write(b"\n# stderr\n")
            err.seek(0)
            shutil.copyfileobj(err, out, 1 << 16)
            if self.capped:
                out.write(f"\n{self.cap_note()}\n".encode())
        finally:
            out.close()
            err.close()
            os.unlink(err.name)
        return self.path

    def cap_note(self) -> str:
        """Says how much was kept of how much, and which setting sets it."""
        return (f"{TRUNCATED} at {_size(self.cap)} (execute.output_cap): the script wrote "
                f"{_size(self.total)}; the rest was dropped")

    def text(self) -> tuple[str, str, bool]:
        """(stdout head, stderr tail, whether either is cut), decoded with replacement."""
        cut = self.totals["stdout"] > len(self._head) or self.totals["stderr"] > len(self._tail)
        return (bytes(self._head).decode("utf-8", "replace"),
                bytes(self._tail).decode("utf-8", "replace"), cut)


def _size(count: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"
