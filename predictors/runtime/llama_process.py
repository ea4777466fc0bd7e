"""Loading llama.cpp models the one way every Kiwi model is: its logs kept off the terminal, one
load at a time, each model closed before the interpreter exits."""

from __future__ import annotations

import atexit
import threading
import weakref
from typing import Any

_quiet = None
LOAD_LOCK = threading.Lock()
"""Held while a llama.cpp model loads: the router and the embedder load on different threads,
and llama.cpp's one-time backend set-up is not safe to run twice at once."""


_open: weakref.WeakSet[Any] = weakref.WeakSet()


def close_at_exit(llm: Any) -> None:
    """Free a llama.cpp model before the interpreter tears its modules down: freed later, by
    the garbage collector, llama-cpp-python's `__del__` fails with a traceback on stderr."""
    _open.add(llm)


@atexit.register
def _close_all() -> None:
    for llm in list(_open):
        llm.close()


class _KeepStreams:
    """Stands in for llama-cpp-python's `suppress_stdout_stderr`, which points file descriptors
    1 and 2 at /dev/null while a model loads. Those descriptors belong to the whole process: the
    TUI's screen and other threads' output vanished for the duration, and two loads at once left
    stdout at /dev/null for good (llama-cpp-python issue #1874). The log callback below already
    keeps llama.cpp quiet, so nothing needs suppressing."""

    def __init__(self, disable: bool = True) -> None:
        self.disable = disable

    def __enter__(self) -> _KeepStreams:
        return self

    def __exit__(self, *_: object) -> None:
        return None


def silence_llama_logs() -> None:
    """Keep llama.cpp's own log lines (context sizes, cache notes) off the user's terminal,
    without touching the process's stdout and stderr."""
    global _quiet
    with LOAD_LOCK:
        if _quiet is not None:
            return
        import ctypes

        import llama_cpp
        import llama_cpp._internals
        import llama_cpp.llama

        @ctypes.CFUNCTYPE(None, ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p)
        def ignore(level, text, user_data):  # noqa: ARG001 - the C signature
            return None

        _quiet = ignore  # keep a reference: llama.cpp calls it for the life of the process
        llama_cpp.llama_log_set(ignore, ctypes.c_void_p(0))
        for module in (llama_cpp.llama, llama_cpp._internals):
            module.suppress_stdout_stderr = _KeepStreams  # type: ignore[attr-defined]


def open_llama(**settings: Any) -> Any:
    """A `llama_cpp.Llama`, loaded the one way every Kiwi model is: logs silenced, one load at a
    time, closed before the interpreter exits."""
    from llama_cpp import Llama

    silence_llama_logs()
    with LOAD_LOCK:
        llm = Llama(verbose=False, **settings)
    close_at_exit(llm)
    return llm


def encodable(text: str) -> str:
    """A text every tokenizer can take: a lone surrogate (how Python decodes the bytes of a
    command-line argument or file name that are not UTF-8) has no UTF-8 form, and llama.cpp's
    tokenizers need one, so each becomes "?" instead of an error."""
    return text.encode("utf-8", "replace").decode("utf-8")


def llama_cpp() -> Any:
    """The llama_cpp module (imported when a session exists, not with this module)."""
    import llama_cpp as lib

    return lib
