"""The adapter folded into the weights must score as the adapter applied on every pass does, on
the real model and the shipped adapter; adapters that do not fit are refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from kiwi_term.errors import KiwiError
from predictors.router.menu import LABELS
from predictors.runtime.llama_session import LlamaSession
from predictors.runtime.merge import KEEP, merged_model
from predictors.runtime.models import adapter_path

PROMPTS = [
    "Pick the call that does what the user asks, or none.\na: run script csv_parser: parses "
    "csv files\nb: load script csv_parser\nc: run directive deploy_prod: ships the release\n"
    "d: none, just talking\nuser: parse the invoices file\ncall:",
    "Pick the call that does what the user asks, or none.\na: run script csv_parser: parses "
    "csv files\nb: load script csv_parser\nc: run directive deploy_prod: ships the release\n"
    "d: none, just talking\nuser: how are you today\ncall:",
    "Pick the call that does what the user asks, or none.\na: run script csv_parser: parses "
    "csv files\nb: load script csv_parser\nc: run directive deploy_prod: ships the release\n"
    "d: none, just talking\nuser: show me the deploy directive\ncall:",
]


@pytest.fixture(scope="module")
def model(router_model_file: Path | None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The router model seen from a folder of its own, where merged copies are written."""
    if router_model_file is None:
        pytest.skip("the router model package is not installed")
    if adapter_path() is None:
        pytest.skip("no router adapter is shipped")
    link = tmp_path_factory.mktemp("merge") / router_model_file.name
    link.symlink_to(router_model_file)
    return link


def merged_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.merged.gguf*"))


def test_the_merged_model_scores_as_the_adapter_does(model: Path) -> None:
    adapter = adapter_path()
    sessions = {
        "merged": LlamaSession(model, adapter, threads=2),
        "per_pass": LlamaSession(model, adapter, threads=2, merge=False),
        "bare": LlamaSession(model, None, threads=2),
    }
    try:
        assert sessions["merged"].merged and not sessions["per_pass"].merged
        assert len(merged_files(model.parent)) == 1
        ids = np.array([sessions["bare"].token_id(f" {c}") for c in LABELS[:4]])
        drift, adapted = 0.0, 0.0
        for prompt in PROMPTS:
            logits = {name: s.score(s.tokenize(prompt), ids).logits for name, s in sessions.items()}
            assert int(np.argmax(logits["merged"])) == int(np.argmax(logits["per_pass"]))
            drift = max(drift, float(np.abs(logits["merged"] - logits["per_pass"]).max()))
            adapted = max(adapted, float(np.abs(logits["bare"] - logits["per_pass"]).max()))
        # Rounding the sums to Q8_0 moves logits by ~0.5 at most; the adapter itself, by far more.
        assert drift < 1.0
        assert adapted > 4 * drift
    finally:
        for session in sessions.values():
            session.close()


def test_a_merge_is_made_once_per_adapter_and_old_ones_are_pruned(model: Path,
                                                                  tmp_path: Path) -> None:
    first = merged_model(model, adapter_path())
    stamp = first.stat().st_mtime_ns
    assert merged_model(model, adapter_path()) == first
    assert first.stat().st_mtime_ns == stamp, "a second call must not merge again"
    made = [first]
    for n in range(KEEP + 1):
        retrained = tmp_path / f"retrained-{n}.gguf"
        shutil.copyfile(adapter_path(), retrained)
        made.append(merged_model(model, retrained))
    assert len(set(made)) == len(made), "each adapter gets its own merged model"
    assert merged_files(model.parent) == sorted(made[-KEEP:])


def _adapter(path: Path, factors: dict[str, np.ndarray], kind: str = "lora") -> Path:
    import gguf

    writer = gguf.GGUFWriter(str(path), "gemma3")
    writer.add_string("general.type", "adapter")
    writer.add_string("adapter.type", kind)
    writer.add_float32("adapter.lora.alpha", 32.0)
    for name, array in factors.items():
        writer.add_tensor(name, array.astype(np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


@pytest.mark.parametrize(("factors", "kind", "message"), [
    ({"blk.0.attn_q.weight.lora_a": np.zeros((16, 100)),
      "blk.0.attn_q.weight.lora_b": np.zeros((1024, 16))}, "lora", "does not fit"),
    ({"blk.0.no_such.weight.lora_a": np.zeros((16, 640)),
      "blk.0.no_such.weight.lora_b": np.zeros((1024, 16))}, "lora", "no matrix"),
    ({"blk.0.attn_q.weight.lora_a": np.zeros((16, 640))}, "lora", "incomplete"),
    ({"blk.0.attn_q.weight.lora_a": np.zeros((16, 640)),
      "blk.0.attn_q.weight.lora_b": np.zeros((1024, 16))}, "control_vector", "not a LoRA"),
])
def test_an_adapter_that_does_not_fit_is_refused_and_nothing_is_written(
        model: Path, tmp_path: Path, factors: dict, kind: str, message: str) -> None:
    before = merged_files(model.parent)
    bad = _adapter(tmp_path / "bad.gguf", factors, kind)
    with pytest.raises(KiwiError, match=message):
        LlamaSession(model, bad, threads=2)
    assert merged_files(model.parent) == before


def test_a_cut_short_adapter_is_refused(model: Path, tmp_path: Path) -> None:
    before = merged_files(model.parent)
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(adapter_path().read_bytes()[:200_000])
    with pytest.raises(KiwiError, match="cut short|not a readable GGUF"):
        merged_model(model, cut)
    assert merged_files(model.parent) == before
