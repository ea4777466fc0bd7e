"""Folding the routing adapter into the router model's weights, once, into the cache.

llama.cpp applies a LoRA adapter as two extra matrix products beside every adapted matrix, on
every pass: 84 matrices for Kiwi's adapter. Adding the adapter's product to the weights once
removes them (`kiwi bench` measures the saving). The adapted matrices are stored as Q8_0:
rounded back to the model's own 4- and 5-bit types, the adapter's small changes would be partly
lost, and Q8_0 is no slower to read (BENCHMARKS.md). Everything else is copied byte for byte.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from kiwi_term.errors import KiwiError
from predictors.runtime.cached_file import build_once, digest
from predictors.runtime.gguf_file import GGUFTensors

_MERGER = "1"
"""Changes when the merged file would come out different, so that old ones are not reused."""

KEEP = 2
"""Merged models kept in the cache: the newest, and one more for a second adapter in use."""


def merged_model(model: Path, adapter: Path) -> Path:
    """The model with the adapter folded in, from the cache, merged first if missing.

    The merged file goes beside the model (in the cache, where Kiwi assembles it), or into the
    cache when the model's folder is not writable. Its name carries a digest of both files'
    paths, sizes and times and of the merger's version, so a retrained adapter gets a fresh
    file. The write is atomic.

    Raises:
        KiwiError: the adapter is not a LoRA adapter for this model, or a file is unreadable.
    """
    from kiwi_term.config import cache_dir

    folder = model.parent if os.access(model.parent, os.W_OK) else cache_dir() / "models"
    target = folder / f"{model.stem}+{adapter.stem}-{digest((model, adapter), _MERGER)}.merged.gguf"
    if build_once(target, lambda partial: merge_adapter(model, adapter, partial),
                  failure=f"could not write the merged router model to {folder}"):
        _prune(folder, f"{model.stem}+", keep=target)
    return target


def merge_adapter(model: Path, adapter: Path, target: Path) -> None:
    """Write `model` with every matrix the LoRA `adapter` changes replaced by W + (alpha/r)·BA.

    Raises:
        KiwiError: the adapter is not a LoRA adapter, or does not fit the model's matrices.
    """
    from gguf import GGMLQuantizationType
    from gguf.quants import quantize

    base, lora = GGUFTensors(model), GGUFTensors(adapter)
    if lora.fields.get("general.type") != "adapter" or lora.fields.get("adapter.type") != "lora":
        raise KiwiError(f"{adapter} is not a LoRA adapter")
    alpha = float(lora.fields.get("adapter.lora.alpha", 0.0))
    pairs = sorted(n[: -len(".lora_a")] for n in lora.names() if n.endswith(".lora_a"))
    if not pairs:
        raise KiwiError(f"{adapter} adapts no matrices")
    replaced = {}
    for name in pairs:
        if name not in base:
            raise KiwiError(f"{adapter} does not fit {model.name}: no matrix {name} to adapt")
        if f"{name}.lora_b" not in lora:
            raise KiwiError(f"{adapter} is incomplete: {name} has no second factor (lora_b)")
        down, up = lora.array(f"{name}.lora_a"), lora.array(f"{name}.lora_b")  # (r, in), (out, r)
        weight = base.array(name)  # (out, in)
        rank = down.shape[0]
        if up.shape != (weight.shape[0], rank) or down.shape[1:] != weight.shape[1:]:
            raise KiwiError(f"{adapter} does not fit {model.name}: {name} is {weight.shape}, "
                            f"the adapter's factors are {up.shape} and {down.shape}")
        # alpha 0 is llama.cpp's "unset": the factors apply as they are.
        scale = alpha / rank if alpha else 1.0
        weight += scale * (up @ down)
        kind = GGMLQuantizationType.Q8_0
        replaced[name] = (kind, np.asarray(quantize(weight.astype(np.float32), kind)))
    base.write_copy(target, replaced)


def _prune(folder: Path, prefix: str, keep: Path) -> None:
    """Remove all but the newest merged copies of the same model: each is as large as it."""
    merged = sorted(folder.glob(f"{prefix}*.merged.gguf"), key=lambda p: p.stat().st_mtime,
                    reverse=True)
    for old in [p for p in merged if p != keep][KEEP - 1:]:
        old.unlink(missing_ok=True)
