"""Teaching the router model its task: a LoRA adapter trained on generated routing examples.

The base model is the very GGUF the router runs, dequantised by transformers, so the adapter is
trained against the weights it will be applied to. The loss sits on one position only, the
answer label, and is a softmax over the menu's labels: exactly the distribution the router reads
at run time. Only the top layers are adapted, so the backward pass stops there.

A second, smaller adapter fills a run's params (`TrainSettings.filler_for`): trained on top of
the router's, which is folded into the weights and left as it is, it acts only on the tokens of
the params walk that the router appends after a settled request, and only the values are taught.
The request and the menu are read exactly as the router reads them, so routing cannot change.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from predictors.router.fill import NONE, walk
from predictors.router.menu import LABELS
from predictors.training.data import Pack, Walk


@dataclass
class TrainSettings:
    """How an adapter is trained."""

    steps: int = 100
    """One step is one pack: a menu and the requests made of it."""
    lr: float = 4e-4
    rank: int = 16
    alpha: float = 32.0
    layers: int = 10
    """How many of the top transformer layers get LoRA."""
    modules: tuple[str, ...] = ("q_proj", "k_proj", "v_proj", "o_proj")
    seed: int = 7
    threads: int = 2
    resume: Path | None = None
    """An adapter (GGUF) to start from instead of zero: training goes on where it stopped."""
    value_weight: float = 1.0
    """Weight of a param value's loss beside a menu label's (1: each target counts the same)."""
    filler_for: Path | None = None
    """Train the filling adapter of this router adapter instead of a router adapter (see the
    module's docstring)."""


Log = Callable[[str], None]


def load_base(model_path: Path, threads: int):
    """The router GGUF as a transformers model (dequantised to float32; about a minute)."""
    import torch
    from transformers import AutoModelForCausalLM

    torch.set_num_threads(threads)
    model = AutoModelForCausalLM.from_pretrained(
        str(model_path.parent), gguf_file=model_path.name, dtype=torch.float32
    )
    model.config.use_cache = False
    return model


class Tokens:
    """Tokenises prompts with llama.cpp itself, so training sees the router's exact tokens."""

    def __init__(self, model_path: Path) -> None:
        from predictors.runtime.llama_process import open_llama

        self.llm = open_llama(model_path=str(model_path), vocab_only=True)
        self.label_ids = [self.llm.tokenize(f" {c}".encode(), add_bos=False)[0] for c in LABELS]
        self.newline = self.tail("\n")[0]

    def encode(self, text: str) -> list[int]:
        return self.llm.tokenize(text.encode("utf-8"), add_bos=True, special=False)

    def tail(self, text: str) -> list[int]:
        """Tokens of text that continues a prompt, as `LlamaSession.tokenize_tail` makes them."""
        return self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)


@dataclass
class Targets:
    """Where a sequence is scored, and against what: each target is a position, the tokens that
    may come next there (the menu's labels, or a param walk's options) and the right one."""

    positions: list[int]
    options: list[list[int]]
    answers: list[int]
    labels: list[bool]
    """True for a routing target (a menu label), False for a param value."""

    def tensors(self):
        import torch

        width = max(len(o) for o in self.options)
        ids = torch.zeros((len(self.options), width), dtype=torch.long)
        mask = torch.full((len(self.options), width), float("-inf"))
        for row, options in enumerate(self.options):
            ids[row, : len(options)] = torch.tensor(options)
            mask[row, : len(options)] = 0.0
        return (torch.tensor(self.positions), ids, mask, torch.tensor(self.answers),
                torch.tensor(self.labels))


def pack_tensors(pack: Pack, tokens: Tokens, window: int, walks_only: bool = False):
    """One sequence holding the menu once and every request after it, with masks that let each
    request see the menu and itself only, at the positions it has at run time. A request with
    values goes on with its params walk (`fill.walk`), taught on the right values.

    Args:
        walks_only: leave out the requests without a walk (a filling adapter learns nothing
            from them).

    Returns:
        (token ids, positions, attention masks, targets, which tokens belong to a walk).
    """
    import torch

    prefix = tokens.encode(pack.prefix)
    label_ids = [tokens.label_ids[LABELS.index(label)] for label in pack.labels]
    walks = dict(pack.fills)
    pieces = []
    for n, (request, answer) in enumerate(pack.requests):
        if walks_only and n not in walks:
            continue
        whole = tokens.encode(pack.prefix + request)
        if whole[: len(prefix)] != prefix:
            continue  # the request would change how the menu tokenises; not a run-time prompt
        piece = whole[len(prefix):]
        asked = len(piece)
        targets = [(len(piece) - 1, label_ids, pack.labels.index(answer), True)]
        if n in walks:
            tail, found = _taught_walk(tokens, answer, walks[n], len(piece))
            piece = piece + tail
            targets += found
        pieces.append((piece, asked, targets))
    ids = list(prefix)
    positions = list(range(len(prefix)))
    in_walk = [False] * len(prefix)
    spans = []
    scored = Targets([], [], [], [])
    for piece, asked, targets in pieces:
        begin = len(ids)
        spans.append((begin, begin + len(piece)))
        in_walk += [False] * asked + [True] * (len(piece) - asked)
        for at, options, index, is_label in targets:
            scored.positions.append(begin + at)
            scored.options.append(options)
            scored.answers.append(index)
            scored.labels.append(is_label)
        ids += piece
        positions += range(len(prefix), len(prefix) + len(piece))
    size = len(ids)
    pos = torch.tensor(positions)
    seen = torch.zeros((size, size), dtype=torch.bool)
    seen[: len(prefix), : len(prefix)] = torch.ones(len(prefix), len(prefix)).tril().bool()
    for begin, end in spans:
        seen[begin:end, : len(prefix)] = True
        seen[begin:end, begin:end] = torch.ones(end - begin, end - begin).tril().bool()
    near = (pos[:, None] - pos[None, :]) < window
    full = torch.zeros((1, 1, size, size)).masked_fill(~seen, float("-inf"))
    sliding = torch.zeros((1, 1, size, size)).masked_fill(~(seen & near), float("-inf"))
    return (torch.tensor([ids]), pos[None, :], {"full_attention": full,
            "sliding_attention": sliding}, scored, torch.tensor(in_walk))


def _taught_walk(tokens: Tokens, label: str, answers: Walk,
                 start: int) -> tuple[list[int], list[tuple[int, list[int], int, bool]]]:
    """The tokens `walk` appends when every choice is right, and a target wherever it asks:
    (position before the choice, the options, the index of the right one, False)."""
    right = tokens.tail(f" {label}\n")
    for name, values, answer in answers:
        right += tokens.tail(f"{name}:")
        value = values[answer] if answer < len(values) else NONE
        right += tokens.tail(f" {value}") + [tokens.newline]
    found: list[tuple[int, list[int], int, bool]] = []

    def teach(so_far: list[int], options: list[int], field: int) -> int:
        index = options.index(right[len(so_far)])
        found.append((start + len(so_far) - 1, options, index, False))
        return index

    tail, _ = walk(tokens.tail, tokens.newline, label,
                   [(name, values) for name, values, _ in answers], teach)
    assert tail == right
    return tail, found


def pack_logits(model, tokens: Tokens, pack: Pack, tail: WalkOnly | None = None):
    """Logits over each target's options (a menu's labels, a value's next tokens), the right
    ones, and which targets are routing labels. With `tail`, the filling adapter acts on the
    walks' tokens only."""

    window = model.config.sliding_window
    ids, pos, masks, scored, in_walk = pack_tensors(pack, tokens, window,
                                                    walks_only=tail is not None)
    if tail is not None:
        tail.mask = in_walk[None, :, None].float()
    positions, options, mask, target, labels = scored.tensors()
    out = model(input_ids=ids, position_ids=pos, attention_mask=masks,
                logits_to_keep=positions)
    logits = out.logits[0].gather(1, options) + mask
    return logits, target, labels


class WalkOnly:
    """Makes an adapter act on the params walks' tokens only, as the router applies the filling
    adapter: every adapted matrix's LoRA product is multiplied by `mask` (1 on a walk's tokens,
    0 elsewhere; shape 1 x tokens x 1), set before each pass."""

    def __init__(self, model) -> None:
        self.mask = None
        for name, module in model.named_modules():
            if name.endswith("lora_B.default"):
                module.register_forward_hook(self._hook)

    def _hook(self, module, inputs, output):
        return output if self.mask is None else output * self.mask


def accuracy(model, tokens: Tokens, packs: Sequence[Pack],
             tail: WalkOnly | None = None) -> tuple[float, float | None]:
    """Share of routing targets whose top label is right, and of param targets."""
    import torch

    right = [0, 0]
    total = [0, 0]
    with torch.no_grad():
        for pack in packs:
            logits, target, labels = pack_logits(model, tokens, pack, tail)
            hit = logits.argmax(-1) == target
            right[0] += int(hit[labels].sum())
            total[0] += int(labels.sum())
            right[1] += int(hit[~labels].sum())
            total[1] += int((~labels).sum())
    return right[0] / max(total[0], 1), (right[1] / total[1] if total[1] else None)


def _resume(model, adapter: Path, log: Log) -> None:
    import torch

    from predictors.training.export import gguf_tensor_name, read_adapter

    saved = read_adapter(adapter)
    loaded = 0
    for name, param in model.named_parameters():
        if "lora_" not in name:
            continue
        base, half = gguf_tensor_name(name)
        value = saved.get(f"{base}.lora_{half}")
        if value is None:
            continue
        if value.shape != tuple(param.shape):
            value = value.T
        with torch.no_grad():
            param.copy_(torch.from_numpy(np.ascontiguousarray(value)))
        loaded += 1
    log(f"resumed {loaded} LoRA matrices from {adapter}")


def _lora_config(model, rank: int, alpha: float, layers: int, modules: Sequence[str],
                 dropout: float):
    """LoRA on `modules` of the model's top `layers` layers."""
    from peft import LoraConfig

    n_layers = model.config.num_hidden_layers
    return LoraConfig(r=rank, lora_alpha=int(alpha), lora_dropout=dropout,
                      target_modules=list(modules),
                      layers_to_transform=list(range(n_layers - layers, n_layers)))


def _router_folded(model, router: Path, log: Log):
    """The model with a router adapter folded into its weights, as the router runs it; its
    shape (rank, alpha, layers, modules) comes from the adapter's training report."""
    from peft import get_peft_model

    from kiwi_term.errors import KiwiError

    report = router.with_suffix(".train.json")
    try:
        shape = json.loads(report.read_text())["settings"]
        config = _lora_config(model, int(shape["rank"]), float(shape["alpha"]),
                              int(shape["layers"]), shape["modules"], dropout=0.0)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KiwiError(f"{report}: no training report to read the adapter's shape from "
                        f"({exc})") from None
    model = get_peft_model(model, config)
    _resume(model, router, log)
    return model.merge_and_unload()


def train_adapter(
    model_path: Path, train: Sequence[Pack], valid: Sequence[Pack], out: Path,
    settings: TrainSettings, log: Log = print,
) -> dict:
    """Train a LoRA adapter and write it to `out` as GGUF; return the training report."""
    import torch
    from peft import get_peft_model

    from predictors.training.export import write_adapter

    random.seed(settings.seed)
    torch.manual_seed(settings.seed)
    started = time.time()
    log(f"loading {model_path.name} into transformers (dequantising, about a minute)")
    model = load_base(model_path, settings.threads)
    if settings.filler_for is not None:
        model = _router_folded(model, settings.filler_for, log)
        train = [p for p in train if p.fills]
        valid = [p for p in valid if p.fills]
    config = _lora_config(model, settings.rank, settings.alpha, settings.layers,
                          settings.modules, dropout=0.05)
    model = get_peft_model(model, config)
    tail = WalkOnly(model) if settings.filler_for is not None else None
    if settings.resume is not None:
        _resume(model, settings.resume, log)
    tokens = Tokens(model_path)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=settings.lr, weight_decay=0.0)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=settings.lr, total_steps=settings.steps, pct_start=0.1
    )
    model.train()
    order = list(range(len(train)))
    cursor, losses = len(order), []
    for step in range(1, settings.steps + 1):
        if cursor >= len(order):
            random.shuffle(order)
            cursor = 0
        pack = train[order[cursor]]
        cursor += 1
        logits, target, labels = pack_logits(model, tokens, pack, tail)
        each = torch.nn.functional.cross_entropy(logits, target, reduction="none")
        # A filling adapter cannot move a label (it does not act there): values only.
        weight = torch.where(labels, 0.0 if tail is not None else 1.0, settings.value_weight)
        loss = (each * weight).sum() / weight.sum()
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        schedule.step()
        losses.append(loss.item())
        if step % 10 == 0 or step == settings.steps:
            recent = sum(losses[-10:]) / len(losses[-10:])
            log(f"step {step}/{settings.steps} loss {recent:.3f} "
                f"({(time.time() - started) / 60:.1f} min)")
    model.eval()
    valid_acc, valid_params = accuracy(model, tokens, valid, tail)
    log(f"held-out label accuracy {valid_acc:.3f} on {len(valid)} menus"
        + (f"; param values {valid_params:.3f}" if valid_params is not None else ""))
    state = {
        name: p.detach().cpu().numpy()
        for name, p in model.named_parameters() if "lora_" in name
    }
    count = write_adapter(state, settings.alpha, out)
    report = {
        "settings": {**asdict(settings), "resume": str(settings.resume or "") or None,
                     "filler_for": str(settings.filler_for or "") or None},
        "train_examples": len(train),
        "valid_examples": len(valid),
        # A filling adapter leaves the labels as the router adapter has them.
        "valid_label_accuracy": round(valid_acc, 4) if tail is None else None,
        "valid_param_accuracy": round(valid_params, 4) if valid_params is not None else None,
        "final_loss": round(float(np.mean(losses[-20:])), 4),
        "minutes": round((time.time() - started) / 60, 1),
        "adapted_matrices": count,
    }
    out.with_suffix(".train.json").write_text(json.dumps(report, indent=2))
    return report
