"""One llama.cpp context that re-evaluates only what changed since the last prompt.

The prompt's stable head (instructions, the menu) stays in the KV cache; each keystroke costs
only the tokens after the first one that differs. Gemma 3 keeps a sliding-window cache unless
`swa_full` is set, and that window makes positions before it unusable for reuse, so it is set.
Only the last position's logits are computed: logits for every position cost 3-4x the time.
Even that one position's logits are mostly waste: the output layer has a row for each of 262,144
tokens, read in full on every pass, and a router wants a few dozen. So the session stops llama.cpp
once the final hidden state exists and scores the wanted tokens itself (see `OutputHead`). An
adapter is folded into the weights beforehand (see `merged_model`) rather than applied on every
pass. A second adapter, the params filler, is applied only while `filling` (see
`predictors.training.train`).

Not thread-safe: one inference thread owns a session.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kiwi_term.errors import KiwiError
from predictors.runtime.llama_process import LOAD_LOCK, encodable, llama_cpp, open_llama
from predictors.runtime.merge import merged_model
from predictors.runtime.output_head import AGREEMENT, PROBE, HiddenStateHook, OutputHead


@dataclass(frozen=True)
class Scored:
    """Logits of some tokens at the end of a prompt, and what it cost."""

    logits: np.ndarray
    evaluated: int
    """Tokens evaluated for this prompt (the rest came from the cache)."""
    reused: int
    """Tokens reused from the cache."""
    ms: float


class LlamaSession:
    """A llama.cpp model, optionally with a LoRA adapter, scoring next tokens of prompts."""

    def __init__(
        self, model_path: Path, lora_path: Path | None = None, threads: int = 2,
        n_ctx: int = 2048, shortcut: bool = True, merge: bool = True,
        filler: Path | None = None,
    ) -> None:
        """Args:
            shortcut: score through `OutputHead` instead of llama.cpp's output layer, once a
                probe shows the two agree on this model (the output layer is most of a keystroke's
                work; `kiwi bench` measures the saving).
            merge: run a copy of the model with the adapter folded into its weights, made
                once into the cache (`merged_model`), instead of applying the adapter on
                every pass (3-8% of a keystroke's time saved, 4-18% of evaluating a menu).
            filler: a LoRA adapter applied on top of the router's only inside `filling`.
        """
        if not model_path.is_file():
            raise KiwiError(f"router model not found at {model_path}")
        if lora_path is not None and not lora_path.is_file():
            raise KiwiError(f"router adapter not found at {lora_path}")
        self.merged = merge and lora_path is not None
        """The adapter is folded into the weights rather than applied on every pass."""
        if merge and lora_path is not None:
            model_path, lora_path = merged_model(model_path, lora_path), None
        self.llm = open_llama(
            model_path=str(model_path),
            lora_path=str(lora_path) if lora_path else None,
            n_ctx=n_ctx,
            # Batches of 256 evaluate a menu about as fast as 512 and need half the buffers.
            n_batch=256,
            n_threads=threads,
            n_threads_batch=threads,
            swa_full=True,
            logits_all=False,
        )
        self.n_vocab = self.llm.n_vocab()
        self.n_ctx = n_ctx
        self._pass_start = -1
        """Where the last pass began evaluating; everything after it came from that pass."""
        self.head: OutputHead | None = None
        """Set when scores come from the hidden state rather than llama.cpp's output layer."""
        self.sequences = 1
        """Sequences the cache holds: 2 when a menu can be prepared beside the live one."""
        self.live = 0
        """The sequence `score` evaluates in; `Llama.input_ids` records its tokens."""
        self._staged: list[int] = []
        """Tokens the other sequence holds."""
        self._target: list[int] | None = None
        """What `stage` is preparing in the other sequence."""
        self._hook: HiddenStateHook | None = None
        self._filler = None
        if shortcut:
            self._install_shortcut(model_path)
        if filler is not None:
            self._load_filler(filler)

    def _install_shortcut(self, model_path: Path) -> None:
        """Give the model a context whose passes can stop at the hidden state, and keep the
        shortcut only if it reproduces llama.cpp's own logits on a probe prompt."""
        from llama_cpp._internals import LlamaContext

        llm = self.llm
        hook = HiddenStateHook(llm.n_embd())
        params = llm.context_params
        params.cb_eval = hook.callback
        params.cb_eval_user_data = None
        # A second sequence, in the same cache, where the next menu is prepared while the
        # first serves keystrokes (`stage`, `swap`); a prefix they share is stored once.
        params.n_seq_max = 2
        params.kv_unified = True
        with LOAD_LOCK:
            context = LlamaContext(model=llm._model, params=params, verbose=False)
        if llm._lora_adapter is not None:
            try:
                self._set_adapters(context.ctx)
            except KiwiError:
                context.close()
                raise
        previous, llm._ctx = llm._ctx, context
        previous.close()  # the context Llama made; the model frees the new one on close
        llm.n_tokens = 0
        self._hook = hook
        self.sequences = 2
        head = OutputHead(model_path)
        tokens = self.tokenize(PROBE)
        ids = np.unique(np.array(tokens))
        scored = self.score(tokens, ids)  # llama.cpp's own output layer: no head yet
        # A model whose graph names its hidden state otherwise, or whose output layer is
        # computed differently, keeps llama.cpp's output layer.
        state = hook.state
        if state is not None and np.abs(head.logits(state, ids) - scored.logits).max() <= AGREEMENT:
            self.head = head

    def _load_filler(self, path: Path) -> None:
        if not path.is_file():
            raise KiwiError(f"params adapter not found at {path}")
        llm = self.llm
        with LOAD_LOCK:
            adapter = llama_cpp().llama_adapter_lora_init(llm._model.model, str(path).encode())
        if adapter is None:
            raise KiwiError(f"{path}: not a LoRA adapter for the router model")
        self._filler = adapter
        llm._stack.callback(llama_cpp().llama_adapter_lora_free, adapter)

    @contextmanager
    def filling(self) -> Iterator[None]:
        """Passes inside apply the params adapter on top of the router's, as it was trained:
        the tokens they evaluate see the prompt as the router evaluated it. The cache keeps
        those tokens only until the next prompt differs from them, which every routing prompt
        does (they follow the request, where a routing prompt ends)."""
        if self._filler is None:
            yield
            return
        ctx = self.llm._ctx.ctx
        self._set_adapters(ctx, extra=self._filler)
        try:
            yield
        finally:
            self._set_adapters(ctx)

    def _set_adapters(self, ctx, extra=None) -> None:
        """Apply the router's adapter (unless it is folded into the weights) and `extra` to a
        context, and no other."""
        import ctypes

        lib = llama_cpp()
        llm = self.llm
        pairs = [(a, w) for a, w in ((llm._lora_adapter, llm.lora_scale), (extra, 1.0))
                 if a is not None]
        chosen = [a for a, _ in pairs]
        adapters = (lib.llama_adapter_lora_p_ctypes * max(len(pairs), 1))(*chosen)
        scales = (ctypes.c_float * max(len(pairs), 1))(*[w for _, w in pairs])
        if lib.llama_set_adapters_lora(ctx, adapters if chosen else None, len(chosen),
                                       scales if chosen else None):
            raise KiwiError("could not apply the router's adapters to the model")

    def tokenize(self, text: str) -> list[int]:
        """Token ids of a prompt, with the start-of-text token."""
        return self.llm.tokenize(encodable(text).encode("utf-8"), add_bos=True, special=False)

    def tokenize_tail(self, text: str) -> list[int]:
        """Token ids of text that continues a prompt: no start-of-text token."""
        return self.llm.tokenize(encodable(text).encode("utf-8"), add_bos=False, special=False)

    def token_id(self, piece: str) -> int:
        """The id of a piece that must be a single token (e.g. " a")."""
        ids = self.llm.tokenize(piece.encode("utf-8"), add_bos=False, special=False)
        if len(ids) != 1:
            raise KiwiError(f"{piece!r} is not one token for this model ({ids})")
        return ids[0]

    def score(self, tokens: list[int], wanted: np.ndarray, keep: int | None = None) -> Scored:
        """Evaluate `tokens`, reusing the cached prefix, and return the logits of `wanted` ids
        at the last position.

        Args:
            keep: reuse at most this many leading tokens and evaluate the rest in one pass, so
                that the logits do not depend on how earlier prompts filled the cache. Evaluated
                a few tokens at a time, as keystrokes arrive, the same prompt gives logits that
                differ by up to about 0.4 from evaluating its tail at once: the batch size
                changes how llama.cpp sums.
        """
        started = time.perf_counter()
        if len(tokens) >= self.n_ctx:
            raise KiwiError(f"prompt of {len(tokens)} tokens exceeds the context of {self.n_ctx}")
        llm = self.llm
        # What the cache holds is what Llama recorded, so a completion run on the same model
        # in between (the benchmark's baseline) is noticed rather than trusted.
        cached = llm.input_ids[: llm.n_tokens]
        new = np.asarray(tokens, dtype=cached.dtype)
        limit = min(len(new), len(cached))
        differ = np.flatnonzero(new[:limit] != cached[:limit])
        common = int(differ[0]) if differ.size else limit
        if (common == len(tokens) == len(cached) and self._has_output()
                and (keep is None or self._pass_start == min(keep, len(tokens) - 1))):
            # The same prompt as the last pass (a space typed after a word, or the same
            # settled text again): its output is still there.
            return Scored(self._read(wanted), 0, common, (time.perf_counter() - started) * 1000)
        # The last token must be evaluated again for its output to exist.
        common = min(common, len(tokens) - 1)
        if keep is not None:
            common = min(common, keep)
        self._pass_start = -1
        hook = self._hook
        if hook is not None:
            hook.state = None
        with self._pass(stop=self.head is not None):
            llama_cpp().llama_memory_seq_rm(llm._ctx.memory, self.live, common, -1)
            llm.n_tokens = common
            for start in range(common, len(tokens), llm.n_batch):
                chunk = tokens[start : start + llm.n_batch]
                self._decode(chunk, start, self.live, output=True)
                llm.input_ids[start : start + len(chunk)] = chunk
                llm.n_tokens = start + len(chunk)
        if self.head is not None and (hook is None or hook.state is None):
            raise KiwiError("the router model produced no hidden state")
        self._pass_start = common
        logits = self._read(wanted)
        return Scored(logits, len(tokens) - common, common, (time.perf_counter() - started) * 1000)

    @contextmanager
    def _pass(self, stop: bool) -> Iterator[None]:
        """Around llama.cpp passes: with `stop`, they end at the hidden state; a failed one
        leaves the cache unknown, so both sequences are emptied."""
        hook = self._hook
        if hook is not None:
            hook.stop = stop
        try:
            yield
        except Exception:
            self.forget()
            raise
        finally:
            if hook is not None:
                hook.stop = False

    def _decode(self, chunk: list[int], start: int, seq: int, output: bool) -> None:
        """Evaluate tokens at positions start.. of one sequence; the last one's output is kept
        when `output` is set."""
        llm = self.llm
        batch = llm._batch.batch
        batch.n_tokens = len(chunk)
        for i, token in enumerate(chunk):
            batch.token[i] = token
            batch.pos[i] = start + i
            batch.seq_id[i][0] = seq
            batch.n_seq_id[i] = 1
            batch.logits[i] = False
        batch.logits[len(chunk) - 1] = output
        llm._ctx.decode(llm._batch)

    def stage(self, tokens: list[int], budget: int) -> bool:
        """Prepare a prompt in the other sequence, at most `budget` tokens a call, while the
        live one keeps serving `score`; True once it is whole (then `swap` makes it live).

        The prompt starts from whatever either sequence already holds of it: the live prompt's
        shared head is copied (in a unified cache, only marked as the other's too).
        """
        if self.sequences < 2:
            raise KiwiError("this session holds one sequence: nothing can be staged")
        lib, memory = llama_cpp(), self.llm._ctx.memory
        other = 1 - self.live
        if self._target != tokens:
            live = self.llm.input_ids[: self.llm.n_tokens].tolist()
            # The last token is evaluated again by the pass that needs its output.
            shared = min(_common(live, tokens), len(tokens) - 1)
            kept = min(_common(self._staged, tokens), len(tokens) - 1)
            if kept >= shared:
                lib.llama_memory_seq_rm(memory, other, kept, -1)
                self._staged = self._staged[:kept]
            else:
                lib.llama_memory_seq_rm(memory, other, -1, -1)
                lib.llama_memory_seq_cp(memory, self.live, other, 0, shared)
                self._staged = tokens[:shared]
            self._target = list(tokens)
        start = len(self._staged)
        chunk = tokens[start: start + max(1, min(budget, self.llm.n_batch))]
        if chunk:
            with self._pass(stop=True):
                self._decode(chunk, start, other, output=False)
            self._staged += chunk
        return len(self._staged) == len(tokens)

    @property
    def staged(self) -> list[int] | None:
        """The prompt `stage` is preparing, if any."""
        return self._target

    def swap(self) -> None:
        """Make the staged prompt live; the old live prompt stays in the other sequence, where
        the next `stage` may start from it."""
        assert self._target is not None and self._staged == self._target, "not staged whole"
        llm = self.llm
        old = llm.input_ids[: llm.n_tokens].tolist()
        self.live = 1 - self.live
        llm.input_ids[: len(self._staged)] = self._staged
        llm.n_tokens = len(self._staged)
        self._staged, self._target = old, None
        self._pass_start = -1
        if self._hook is not None:
            self._hook.state = None

    def forget(self) -> None:
        """Empty the cache of both sequences (after something else used the model)."""
        llm = self.llm
        llm._ctx.kv_cache_clear()
        llm.n_tokens = 0
        self.live, self._staged, self._target, self._pass_start = 0, [], None, -1
        if self._hook is not None:
            self._hook.state = None

    def _has_output(self) -> bool:
        """Whether the last pass left an output for the last cached token to read again: every
        pass, ours or a completion's, ends with the output of the last token it evaluated."""
        if self.head is not None:
            return self._hook is not None and self._hook.state is not None
        return self.llm.n_tokens > 0

    def _read(self, wanted: np.ndarray) -> np.ndarray:
        """Logits of `wanted` at the last evaluated position."""
        if self.head is not None:
            assert self._hook is not None and self._hook.state is not None
            return self.head.logits(self._hook.state, wanted)
        pointer = self.llm._ctx.get_logits_ith(-1)
        row = np.ctypeslib.as_array(pointer, shape=(self.n_vocab,))
        return np.array(row[wanted], dtype=np.float64)

    def close(self) -> None:
        """Free the model."""
        self.llm.close()


def _common(a: list[int], b: list[int]) -> int:
    """Length of the common head of two token lists."""
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n


def default_threads() -> int:
    """Threads for inference: the physical cores a laptop can spare, at most 4."""
    return max(1, min(4, (os.cpu_count() or 2)))
