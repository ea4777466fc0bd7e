"""What `kiwi` with no subcommand does before the window opens: pick the library, build the
router, the orchestrator and the log (each optional), then run the app.

Nothing slow happens here: models load in the app's background threads, so the window appears
at once. Every missing piece (model file, orchestrator, log module) leaves the app running and
says what is missing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kiwi_term.config import Config, user_library
from kiwi_term.ui.demo import demo_folder


def open_library(project: Path | None) -> Any:
    """The Kiwi of the project; with no project and an empty user space, the demo library
    (read-only), so that a first run shows predictions at once."""
    from kiwi_term.primitives import Kiwi

    if project is not None:
        return Kiwi(project)
    user = Kiwi(None)
    demo = demo_folder()
    has_items = user_library().is_dir() and len(user.library) > 0
    if not has_items and (demo / ".ai").is_dir():
        return Kiwi(demo, read_only=True)
    return user


def build_router(kiwi: Any, config: Config, similarity: Any = None) -> tuple[Any, str]:
    """(router, problem): the configured router, not started; None and why if it cannot be."""
    from predictors.router.registry import make_router

    name = str(config.section("router").get("name", "gguf"))
    try:
        return make_router(name, kiwi, similarity=similarity), ""
    except Exception as exc:  # noqa: BLE001 - the app runs without predictions and says why
        return None, f"router {name!r} unavailable: {exc}"


def build_orchestrator(kiwi: Any, config: Config, url: str | None, model: str | None) -> Any:
    """The configured orchestrator; a "none" one (with the reason) when nothing is configured,
    or None if the orchestrator package cannot be imported at all."""
    try:
        from kiwi_term.orchestrator import make_orchestrator
    except ImportError as exc:
        print(f"kiwi: no orchestrator: {exc}", file=sys.stderr)
        return None
    try:
        return make_orchestrator(kiwi, config, url=url, model=model)
    except Exception as exc:  # noqa: BLE001 - a bad config must not keep the window shut
        print(f"kiwi: orchestrator not started: {exc}", file=sys.stderr)
        return None


def build_log(kiwi: Any, config: Config) -> Any:
    """The interaction log, or None when it is off (`log = false`) or cannot be opened."""
    if not config.log_enabled:
        return None
    try:
        from kiwi_term.interactions.log import InteractionLog

        return InteractionLog.from_config(config, kiwi.project)
    except Exception as exc:  # noqa: BLE001 - recording is optional; the terminal is not
        print(f"kiwi: interaction log off: {exc}", file=sys.stderr)
        return None


def run_tui(args: argparse.Namespace) -> int:
    """Open the terminal UI on the chosen project; returns the exit code."""
    from kiwi_term.commands.common import project_dir
    from kiwi_term.ui.app import make_app
    from predictors.router.similarity import ItemSimilarity

    kiwi = open_library(project_dir(args))
    config = kiwi.config
    # The embedder loads in its own thread (seconds); nothing waits for it at start. Search,
    # the warm cache and the router's semantic evidence use it once it is ready (until then a
    # prediction that needs it waits, and the status bar says the search model is loading).
    similarity = ItemSimilarity(kiwi.embedder)
    router, problem = build_router(kiwi, config, similarity)
    orchestrator = build_orchestrator(kiwi, config, getattr(args, "orchestrator_url", None),
                                      getattr(args, "orchestrator_model", None))
    log = build_log(kiwi, config)
    app = make_app(config, kiwi, router, orchestrator, log, similarity=similarity,
                   router_problem=problem)
    try:
        app.run()
    finally:
        if log is not None:
            try:
                log.close()
            except Exception:  # noqa: BLE001, S110 - closing at exit; nothing left to tell
                pass
    return 0
