"""Loading llama.cpp models must leave the process's stdout and stderr alone."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    """
    import os, sys, threading
    from predictors.runtime.embeddings import Embedder
    from predictors.runtime.llama_session import LlamaSession
    from predictors.runtime.models import router_model_path

    before = (os.fstat(1).st_ino, os.fstat(2).st_ino)
    for round in range(3):
        embedder = Embedder()
        embedder.start()  # loads on its own thread while this one loads the router
        ticker = threading.Thread(target=lambda: [print(f"tick {round} {i}", flush=True)
                                                   for i in range(200)])
        ticker.start()
        session = LlamaSession(router_model_path(), threads=1)
        embedder.wait()
        ticker.join()
        session.close()
    print("after", before == (os.fstat(1).st_ino, os.fstat(2).st_ino), flush=True)
    print("to stderr", file=sys.stderr, flush=True)
    """
)


def test_loading_models_on_two_threads_keeps_every_line_of_output(router_model_file) -> None:
    if router_model_file is None:
        pytest.fail("the router model package is not installed")
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          timeout=300, check=True)
    lines = done.stdout.splitlines()
    assert sum(line.startswith("tick ") for line in lines) == 600
    assert lines[-1] == "after True"
    assert done.stderr.strip().splitlines()[-1] == "to stderr"
