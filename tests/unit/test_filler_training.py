"""The params-filling adapter acts on the walk's tokens only, so routing cannot change.

A tiny Gemma 3 of random weights stands in for the 270M model (the mechanism is the same and it
runs in a second); the tokens are the router's own, from its GGUF's vocabulary.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiwi_term.library.items import Input, Item, ItemType, Source
from predictors.router.menu import build_menu, request_text
from predictors.training.data import Pack
from predictors.training.train import Tokens, WalkOnly, pack_logits, pack_tensors

torch = pytest.importorskip("torch")


def item(name: str, *inputs: Input) -> Item:
    return Item(ItemType.SCRIPT, name, Source.PROJECT, Path(f"{name}.py"),
                description=f"{name.replace('_', ' ')} of a file", inputs=inputs)


@pytest.fixture(scope="module")
def tokens(router_model_file: Path | None) -> Tokens:
    from predictors.runtime.models import router_model_path

    return Tokens(router_model_path())


def pack() -> Pack:
    menu = build_menu([item("csv_parser", Input("file", "path", True)),
                       item("word_count", Input("file", "path", True))])
    parse = next(d.label for d in menu.decisions if d.item and d.item.id == "csv_parser"
                 and d.verb == "run")
    count = next(d.label for d in menu.decisions if d.item and d.item.id == "word_count"
                 and d.verb == "run")
    requests = ((request_text("parse march.csv", []), parse),
                (request_text("count the words", []), count))
    walk = (("file", ("march.csv", "parse"), 0),)
    return Pack(menu, requests, "test", fills=((0, walk),))


def tiny_model():
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, Gemma3TextConfig

    torch.manual_seed(0)
    config = Gemma3TextConfig(vocab_size=262144, hidden_size=16, intermediate_size=32,
                              num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=1,
                              head_dim=8, sliding_window=64)
    model = AutoModelForCausalLM.from_config(config)
    model = get_peft_model(model, LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj",
                                                                                 "v_proj"]))
    for name, param in model.named_parameters():
        if "lora_B" in name:
            with torch.no_grad():
                param.normal_(0, 0.5)  # an adapter that has learned something
    return model.eval()


def test_the_walk_is_marked_from_the_label_to_the_last_value(tokens: Tokens) -> None:
    taught = pack()
    ids, _, _, _, in_walk = pack_tensors(taught, tokens, window=512)
    walked = [t for t, inside in zip(ids[0].tolist(), in_walk.tolist(), strict=True) if inside]
    label = taught.requests[0][1]
    assert tokens.llm.detokenize(walked).decode() == f" {label}\nfile: march.csv\n"
    # Only the walk: the request without one, the menu and the request itself are not marked.
    assert int(in_walk.sum()) == len(walked)
    only, _, _, _, marked = pack_tensors(taught, tokens, window=512, walks_only=True)
    assert only.shape[1] < ids.shape[1] and int(marked.sum()) == len(walked)


def test_the_filling_adapter_moves_the_values_and_never_the_labels(tokens: Tokens) -> None:
    model = tiny_model()
    tail = WalkOnly(model)
    taught = pack()
    with torch.no_grad():
        with model.disable_adapter():
            tail.mask = None
            plain, _, labels = pack_logits(model, tokens, taught)
        filled, _, _ = pack_logits(model, tokens, taught, tail)
        tail.mask = None
        everywhere, _, _ = pack_logits(model, tokens, taught)
    # walks_only keeps the one request with a walk; compare its label with the full pack's.
    first_label = int(labels.nonzero()[0])
    assert torch.allclose(filled[0], plain[first_label], atol=1e-5)
    values = filled[1:][torch.isfinite(filled[1:])]
    before = plain[~labels][torch.isfinite(plain[~labels])]
    assert not torch.allclose(values, before, atol=1e-3)
    # Applied everywhere (without WalkOnly), the same adapter would move the labels too.
    assert not torch.allclose(everywhere[first_label], plain[first_label], atol=1e-3)
