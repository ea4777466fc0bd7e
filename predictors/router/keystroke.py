"""The keystroke router: Gemma 3 270M with Kiwi's routing adapter, one forward pass a keystroke.

The prompt is the menu of decisions (stable while the warm items are), the last turns, and the
typed text. The model's next-token logits over the menu's one-token labels are a distribution
over every decision at once; a temperature fitted on held-out data makes it calibrated.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kiwi_term.calls import ToolCall
from kiwi_term.errors import KiwiError
from predictors.router.base import Prediction, Router, RouteResult, WarmContext
from predictors.router.calibration import Fits, filler_path, read_fits, softmax, taught_params
from predictors.router.cues import STATED
from predictors.router.features import lexical, naming, retrieved, semantic
from predictors.router.fill import NONE, none_margin, open_fields, plain, walk
from predictors.router.menu import LABELS, Menu, MenuCache, MenuChoice, request_text, to_call
from predictors.router.params import KIND, call_params
from predictors.router.retrieval import Retriever
from predictors.router.retrieved_menu import RetrievedMenus
from predictors.router.spans import formatted
from predictors.runtime.llama_session import LlamaSession
from predictors.runtime.models import adapter_path, router_model_path

READ_CHARS = 500
"""Characters the router reads of a text, and of each earlier turn, from the start. A request is a
sentence or two; a paste of a log or a file must neither overflow the model's context after the
menu nor make each keystroke cost in proportion to its length. Past them, typing changes no
prediction (and costs no model pass: the prompt is the same)."""

FILL_ROOM = 160
"""Tokens of context the params walk may need after the request; a prompt that leaves less
keeps the params the words' rules give."""


class KeystrokeRouter(Router):
    """Routes with the quantised model on the CPU, reusing the cached menu between keystrokes."""

    name = "gguf"

    def __init__(
        self, kiwi: Any, model: Path | None = None, adapter: Path | None | bool = None,
        threads: int | None = None, similarity: Any = None, **_: Any,
    ) -> None:
        self.kiwi = kiwi
        """The library this router predicts calls on."""
        settings = kiwi.config.section("router") if kiwi is not None else {}
        self.model_path = model
        if adapter is None:
            adapter = adapter_path()
        self.adapter_path: Path | None = adapter if isinstance(adapter, Path) else None
        self.threads = int(threads or settings.get("threads", 2))
        self.similarity = similarity
        """Embedding similarity of requests to items, when the embedder is wanted."""
        self.calibration = Fits()
        """For whole requests and for text still being typed; fitted by `kiwi train`."""
        self.session: LlamaSession | None = None
        self._label_ids: np.ndarray | None = None
        self._menus = MenuCache()
        self.large: RetrievedMenus | None = None
        """Menus chosen by the text, for a library larger than one menu."""
        self.observe: Callable[..., None] | None = None
        """Called with the menu, the model's logits and the evidence (lexical, naming,
        semantic, retrieval; None where not computed) of every settled text, before they are
        weighed: what `kiwi calibrate` fits on."""
        self._prefix_tokens: OrderedDict[str, list[int]] = OrderedDict()
        self._lock = threading.Lock()
        self._newline = -1
        self._none = -1
        """The token that answers an input with none (`fill.NONE`)."""
        self._retrieval_ms: float | None = None
        self._fill_setting = settings.get("fill_params")
        self.fills_params = False
        """Fill the top run's params with the model on a settled text; otherwise only the
        words' own rules (`params.call_params`) fill them. On when the adapter has a filling
        adapter beside it (`filler_path`, made by `kiwi train --filler-for`) or was taught to
        fill itself (its training report gives a param accuracy), unless `[router]
        fill_params` says."""

    def start(self) -> None:
        """Read the calibration, then load the model and its adapter (under a second)."""
        if self.session is not None:
            return
        if self.adapter_path is not None:
            self.calibration = read_fits(self.adapter_path)
        filler = filler_path(self.adapter_path) if self.adapter_path is not None else None
        if filler is not None and not filler.is_file():
            filler = None
        taught = filler is not None or (
            self.adapter_path is not None and taught_params(self.adapter_path))
        self.fills_params = bool(taught if self._fill_setting is None else self._fill_setting)
        model = self.model_path or router_model_path()
        self.session = LlamaSession(model, self.adapter_path, threads=self.threads,
                                    filler=filler if self.fills_params else None)
        self._label_ids = np.array([self.session.token_id(f" {c}") for c in LABELS])
        self._newline = self.session.token_id("\n")
        self._none = self.session.tokenize_tail(f" {NONE}")[0]
        if self.kiwi is not None:
            self.large = RetrievedMenus(Retriever(self.kiwi.library, self.similarity))

    def menu(self, warm: WarmContext | None, text: str = "",
             history: Sequence[str] = ()) -> Menu:
        """The menu for the warm items, or for the whole library when there is no warm set;
        for a library larger than one menu, the warm head and the items the text points at."""
        if self.large is not None and self.large.active():
            return self.large.menu_for(warm, text, history)
        return self._menus.menu(warm, self.kiwi.library)

    def _choose_menu(self, warm: WarmContext | None, text: str, history: Sequence[str],
                     settled: bool) -> Menu:
        """The menu to predict this text on. A small library's is its warm menu. A large
        library's is the one already evaluated while it holds the text's best items; when it
        does not, a settled text gets its own menu now, and a keystroke keeps the evaluated one
        while its own is prepared between keystrokes (`stage`)."""
        large = self.large
        if large is None or not large.active():
            return self._menus.menu(warm, self.kiwi.library)
        live = large.live
        if live is not None and not settled and text[-1:].isalnum():
            # Mid-word the words are not there yet: a new menu waits for the word's end (the
            # one being prepared, if any, goes on).
            return live
        covered = large.covers(live, text, history)
        self._retrieval_ms = large.retriever.last_ms
        if live is not None and covered:
            large.wanted = None
            return live
        wanted = large.menu_for(warm, text, history)
        if live is None or settled or self.session is None or self.session.sequences < 2:
            large.wanted = None
            return wanted
        large.wanted = wanted if wanted is not live else None
        return live

    @property
    def retrieves(self) -> bool:
        return self.large is not None and self.large.active()

    @property
    def staging(self) -> bool:
        return self.large is not None and self.large.wanted is not None

    def stage(self, budget: int) -> bool:
        large, session = self.large, self.session
        if large is None or large.wanted is None or session is None:
            return False
        wanted = large.wanted
        with self._lock:
            tokens = self._menu_tokens(wanted)
            if not session.stage(tokens, budget):
                return False
            session.swap()
        large.live, large.wanted = wanted, None
        return True

    def prime(self, warm: WarmContext | None = None, history: Sequence[str] = ()) -> float:
        """Evaluate the menu (and history) ahead of typing, so the first keystroke is cheap.

        Returns milliseconds spent.
        """
        if self.session is None:
            self.start()
        assert self.session is not None and self._label_ids is not None
        menu = self.menu(warm, "", history)
        if self.large is not None:
            self.large.live, self.large.wanted = menu, None
        with self._lock:
            _, earlier, _ = self._fit(self._menu_tokens(menu), "", history)
            prompt = menu.prefix + request_text("", earlier).rsplit("user:", 1)[0] + "user:"
            scored = self.session.score(self.session.tokenize(prompt), self._label_ids[:1])
        return scored.ms

    def route(
        self, text: str, history: Sequence[str] = (), warm: WarmContext | None = None,
        settled: bool = True,
    ) -> RouteResult:
        started = time.perf_counter()
        if self.session is None:
            raise KiwiError("the router model is not loaded yet")
        assert self._label_ids is not None
        if not text.strip():
            return RouteResult(text, (), 1.0, 0.0)
        menu = self._choose_menu(warm, text[:READ_CHARS], history, settled)
        count = len(menu.decisions)
        with self._lock:
            menu_tokens = self._menu_tokens(menu)
            # What the router reads: the whole text, unless it is longer than READ_CHARS or
            # than the context has room for. The result is still the whole text's.
            read, history, request = self._fit(menu_tokens, text, history)
            tokens = menu_tokens + request
            # A settled text (what Enter decides on) is read with its request evaluated in one
            # pass after the menu, as the calibration read it, whatever was typed before it.
            scored = self.session.score(tokens, self._label_ids[:count],
                                        keep=len(menu_tokens) if settled else None)
        if self.large is not None:
            self.large.live = menu
        fit = self.calibration.for_text(settled, large=self.retrieves)
        # Until the embedder has loaded (seconds after start) the model and word overlap decide.
        # The whole text, half-typed last word included, is embedded on every keystroke: the
        # prefixes the calibration was fitted on were embedded the same way.
        similar = (semantic(menu, self.similarity, read, history)
                   if (fit.semantic_weight or self.observe) and self.similarity is not None
                   and getattr(self.similarity.embedder, "ready", True) else None)
        found = (retrieved(menu, self.large.retriever, text[:READ_CHARS], history[-2:])
                 if self.large is not None and self.retrieves and settled
                 and (fit.retrieval_weight or self.observe) else None)
        evidence = (lexical(menu, read, history) if fit.lexical_weight or self.observe else None,
                    naming(menu, read) if fit.naming_weight or self.observe else None,
                    similar, found)
        if self.observe is not None and settled:
            self.observe(menu, scored.logits, *evidence)
        scores = fit.scores(scored.logits, *evidence)
        model_probs = softmax(scores)
        probs = _run_when_given(menu, menu.share_twins(model_probs, read), read, history)
        order = np.lexsort((-model_probs, -probs))  # twins sharing: the model's pick first
        none_p = float(sum(p for d, p in zip(menu.decisions, probs, strict=True)
                           if d.verb == "none"))
        predictions: list[Prediction] = []
        fill_ms, asked, sure = None, 0, 1.0
        for index in order:
            decision = menu.decisions[index]
            if decision.verb == "none":
                continue
            call = to_call(decision, read, menu, history)
            if call is not None and settled and not predictions and self.fills_params:
                call, fill_ms, asked, sure = self._fill(call, decision, read, history, tokens)
            if call is not None:
                # The whole call is as sure as its item and the values the model picked
                # together: a sure item with a guessed value asks on Enter instead of running.
                item_p = float(probs[index])
                if not predictions and sure < 1.0:
                    predictions.append(Prediction(call, item_p * sure, item_p))
                else:
                    predictions.append(Prediction(call, item_p))
                if len(predictions) == 9:
                    break
        elapsed = (time.perf_counter() - started) * 1000
        detail = {"evaluated_tokens": scored.evaluated, "reused_tokens": scored.reused,
                  "model_ms": round(scored.ms, 2)}
        if fill_ms is not None:
            detail["params_ms"] = round(fill_ms, 2)
            detail["params_asked"] = asked
            detail["params_sure"] = round(sure, 4)
        if self._retrieval_ms is not None:
            detail["retrieval_ms"] = round(self._retrieval_ms, 3)
            self._retrieval_ms = None
        return RouteResult(text, tuple(predictions), none_p, elapsed, detail)

    def _fill(self, call: ToolCall, decision: MenuChoice, read: str, history: Sequence[str],
              tokens: list[int]) -> tuple[ToolCall, float | None, int, float]:
        """The top run's params as the model reads them from the request and the turns before
        it (`fill.walk`), after what the words state outright; the prompt is still in the cache,
        so each answer costs a pass of a few tokens. Only on a settled text: never per keystroke.

        Returns:
            The call with its params, the milliseconds the filling took (None: nothing to
            fill), how many inputs the model answered (the rest the words decided), and the
            model's probability of the values it gave, together (1.0 when it gave none).
        """
        item = decision.item
        assert self.session is not None
        if item is None or call.name != "execute" or not item.inputs or (
                len(tokens) + FILL_ROOM >= self.session.n_ctx):
            return call, None, 0, 1.0
        started = time.perf_counter()
        sure = 1.0
        fits: dict[str, float] = {}
        ties: dict[str, frozenset[str]] = {}
        rules = call_params(item, read, history, fits, ties)
        # What the words state or name outright, or give in the very kind an input asks for
        # (a path for `file`), stands; the model answers the rest, never with a value already
        # given; the rules' weaker guesses fill what it leaves (BENCHMARKS.md, "Params").
        params = {k: v for k, v in rules.items() if fits.get(k, 0.0) >= KIND}
        given = {plain(v) for v in params.values()}
        todo = open_fields(item, read, history, params, ties)
        if todo:
            session, none = self.session, self._none

            # The model's probability of each input's answer, from its picks where the
            # candidates part.
            answered = [1.0] * len(todo)

            def choose(so_far: list[int], options: list[int], field: int) -> int:
                logits = np.array(session.score(tokens + so_far, np.array(options)).logits)
                if none in options:
                    logits[options.index(none)] += none_margin(todo[field].spec)
                pick = int(np.argmax(logits))
                answered[field] *= float(softmax(logits)[pick])
                return pick

            with self._lock, session.filling():
                _, picked = walk(session.tokenize_tail, self._newline, decision.label,
                                 [(f.spec.name, [c.text for c in f.candidates]) for f in todo],
                                 choose, exclusive=True)
            for spec_field, index, chance in zip(todo, picked, answered, strict=True):
                if index < len(spec_field.candidates):
                    # Only a value the call takes can make it wrong: an input left empty is
                    # asked for (required) or keeps its default (optional).
                    sure *= chance
                    # The candidates were checked against the input when offered.
                    spec = spec_field.spec
                    said = formatted(spec_field.candidates[index], spec.description)
                    assert said is not None
                    value = spec.coerce(said)
                    if plain(value) not in given:
                        params[spec.name] = value
                        given.add(plain(value))
        for name, value in rules.items():
            params.setdefault(name, value)
        arguments = {k: v for k, v in call.arguments.items() if k != "params"}
        if params:
            arguments["params"] = params
        elapsed = (time.perf_counter() - started) * 1000
        return ToolCall(call.name, arguments), elapsed, len(todo), sure

    def _fit(self, menu_tokens: list[int], text: str,
             history: Sequence[str]) -> tuple[str, list[str], list[int]]:
        """What the router reads of a text and its earlier turns, and the request's tokens.

        At most READ_CHARS of each, from the start; fewer when their tokens would not fit in
        the context after the menu (a character may take several tokens).

        Returns:
            (the text read, the earlier turns read, the tokens of the request after the menu)
        """
        assert self.session is not None
        room = self.session.n_ctx - len(menu_tokens) - 1
        limit = READ_CHARS
        while True:
            read, earlier = text[:limit], [turn[:limit] for turn in history]
            tokens = self.session.tokenize_tail(request_text(read, earlier))
            if len(tokens) <= room or limit == 1:
                return read, earlier, tokens
            # Shrink in proportion, a little more than needed, so a few rounds suffice.
            limit = max(1, limit * room // len(tokens) * 9 // 10)

    def _menu_tokens(self, menu: Menu) -> list[int]:
        """The menu's tokens, tokenised once per menu rather than with every keystroke's prompt.
        The menu ends with a newline and the request starts with a word, so tokenising the two
        apart gives the joint tokens (checked on every menu and request pair of the dev set and
        the training corpus, BENCHMARKS.md)."""
        cached = self._prefix_tokens.get(menu.prefix)
        if cached is None:
            assert self.session is not None
            cached = self._prefix_tokens[menu.prefix] = self.session.tokenize(menu.prefix)
            while len(self._prefix_tokens) > 8:
                self._prefix_tokens.popitem(last=False)
        else:
            self._prefix_tokens.move_to_end(menu.prefix)
        return cached

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None


_VIEWING = re.compile(
    r"\b(?:show|open|read|view|see|display|print|cat|source|code|contents?|explain|describe|"
    r"edit|load|look at|what does|how does|what is in|steps?)\b", re.IGNORECASE)
"""Words that ask to see an item rather than to run it."""


def _run_when_given(menu: Menu, probs: np.ndarray, text: str,
                    history: Sequence[str]) -> np.ndarray:
    """`probs` with the top choice's probability moved from loading an item to running it when
    the text gives values its inputs take and does not ask to see it: "how far will a ball
    kicked at 18 m/s go" runs `projectile_range`; "what does projectile_range do" loads it.
    Nobody states an input's values to read the item."""
    top = int(np.argmax(probs))
    decision = menu.decisions[top]
    if decision.verb != "load" or decision.item is None or not decision.item.inputs or (
            _VIEWING.search(text)):
        return probs
    run = next((d for d, other in enumerate(menu.decisions)
                if other.verb == "run" and other.item is decision.item), None)
    if run is None:
        return probs
    fits: dict[str, float] = {}
    call_params(decision.item, text, history, fits)
    if not any(KIND <= fit < STATED for fit in fits.values()):
        return probs
    out = probs.copy()
    out[run], out[top] = probs[top], probs[run]
    return out
