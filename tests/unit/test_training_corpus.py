"""The router's training corpus: its files load with their inputs' details, and the runs written
with their params become params-training requests whose values the filler can offer."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from kiwi_term.library.items import Input, ItemType
from predictors.runtime.models import assets_dir
from predictors.training.data import Domain, Target, load_corpus
from predictors.training.param_data import answers, param_requests

CORPUS = assets_dir() / "training" / "libraries"
NEW_DOMAINS = ("astronomy_observing", "gardening_agriculture", "shipping_logistics",
               "museum_collections", "angling_fisheries", "knitting_textiles", "florist_shop",
               "language_school", "geology_fieldwork", "print_shop", "ceramics_studio",
               "hotel_housekeeping", "bakery_production", "tattoo_studio", "car_rental_desk",
               "plumbing_contractor", "dog_grooming_salon", "music_recording_studio",
               "home_solar_installation")

SMALL = {
    "domain": "parcels",
    "items": [{
        "type": "script", "id": "parcel_quote", "description": "Price a parcel.",
        "inputs": [
            {"name": "weight_kg", "type": "number", "required": True, "help": "Weight in kg"},
            {"name": "destination", "type": "string", "help": "Where it goes"},
            {"name": "service", "type": "string", "choices": ["economy", "express"],
             "default": "economy"},
            {"name": "insured", "type": "bool"},
        ],
        "run": [
            "price a parcel",
            {"text": "how much to send a 12.5 kg box to Gdansk by express, my 2 kids packed it",
             "params": {"weight_kg": "12.5", "destination": "Gdansk", "service": "express"}},
            {"text": "quote three parcels to Oslo", "params": {"destination": "Oslo"}},
        ],
        "load": ["show me the parcel quote script"],
    }],
    "chat": ["the courier was late again"],
}


def load(folder: Path, data: dict) -> Domain:
    (folder / "parcels.json").write_text(json.dumps(data), encoding="utf-8")
    (domain,) = load_corpus(folder)
    return domain


def test_every_corpus_file_loads_and_the_new_domains_are_among_them() -> None:
    domains = load_corpus(CORPUS)
    names = {d.name for d in domains}
    assert set(NEW_DOMAINS) <= names
    for domain in domains:
        assert domain.items and domain.requests
        assert all(0 <= i < len(domain.requests) for i in domain.params)
    for name in NEW_DOMAINS:
        domain = next(d for d in domains if d.name == name)
        assert len(domain.items) == 16
        inputs = [i for item in domain.items for i in item.inputs]
        assert all(i.description for i in inputs)
        assert any(i.choices for i in inputs)
        assert len(domain.params) == 5 * 16


def test_an_input_keeps_its_help_choices_and_default(tmp_path: Path) -> None:
    (item,) = load(tmp_path, SMALL).items
    assert item.inputs[0] == Input("weight_kg", "number", True, description="Weight in kg")
    service = item.inputs[2]
    assert service.choices == ("economy", "express")
    assert service.default == "economy"
    assert not service.required


def test_a_run_written_with_params_routes_as_a_plain_run_and_keeps_its_params(
        tmp_path: Path) -> None:
    domain = load(tmp_path, SMALL)
    run = Target("run", "script", "parcel_quote")
    texts = [text for history, text, target in domain.requests if target == run and not history]
    assert texts == ["price a parcel",
                     "how much to send a 12.5 kg box to Gdansk by express, my 2 kids packed it",
                     "quote three parcels to Oslo"]
    assert {domain.requests[i][1]: p for i, p in domain.params.items()} == {
        texts[1]: {"weight_kg": "12.5", "destination": "Gdansk", "service": "express"},
        texts[2]: {"destination": "Oslo"},
    }
    plain = load(tmp_path, {**SMALL, "items": [{**SMALL["items"][0], "run": ["price a parcel"]}]})
    assert plain.params == {}
    assert plain.requests[0] == ((), "price a parcel", run)


def test_written_params_become_one_request_each_and_are_not_bases_for_generated_ones(
        tmp_path: Path) -> None:
    domain = load(tmp_path, SMALL)
    made = param_requests(domain, random.Random(3), per_item=20)
    written = [r for r in made if r.text.startswith(("how much to send", "quote three"))]
    assert len(written) == 2
    first = written[0]
    assert first.history == () and first.target == Target("run", "script", "parcel_quote")
    assert first.values == {"weight_kg": "12.5", "destination": "Gdansk", "service": "express"}
    assert written[1].values == {"weight_kg": None, "destination": "Oslo", "service": None}
    generated = [r for r in made if r not in written]
    assert len(generated) == 20
    assert all(r.text.lower().startswith("price a parcel") for r in generated)
    walk = answers(first, domain.items[0])
    assert walk is not None
    by_name = {name: (values, index) for name, values, index in walk}
    values, index = by_name["weight_kg"]
    assert values[index] == "12.5"
    values, index = by_name["destination"]
    assert values[index] == "Gdansk"


def test_a_run_written_after_an_earlier_turn_takes_its_values_from_that_turn(
        tmp_path: Path) -> None:
    later = {"history": ["the box for Gdansk weighs 12.5 kg"], "text": "quote that by express",
             "params": {"weight_kg": "12.5", "destination": "Gdansk", "service": "express"}}
    domain = load(tmp_path, {**SMALL, "items": [{**SMALL["items"][0], "run": [later]}]})
    run = Target("run", "script", "parcel_quote")
    assert domain.requests[0] == (("the box for Gdansk weighs 12.5 kg",), "quote that by express",
                                  run)
    (request,) = param_requests(domain, random.Random(0), per_item=0)
    assert request.history == ("the box for Gdansk weighs 12.5 kg",)
    walk = answers(request, domain.items[0])
    assert walk is not None
    by_name = {name: values[index] for name, values, index in walk}
    # The optional choice is the model's to answer too: "by express" is `service=express`.
    assert by_name == {"weight_kg": "12.5", "destination": "Gdansk", "service": "express"}


@pytest.mark.parametrize("name", NEW_DOMAINS)
def test_most_written_params_of_a_new_domain_are_candidate_values(name: str) -> None:
    domain = next(d for d in load_corpus(CORPUS) if d.name == name)
    items = {i.key: i for i in domain.items}
    assert all(i.type is ItemType.SCRIPT for i in domain.items)
    written = {domain.requests[i][1] for i in domain.params}
    requests = [r for r in param_requests(domain, random.Random(0), per_item=0)
                if r.text in written]
    assert len(requests) == len(domain.params)
    kept = [r for r in requests
            if answers(r, items[(r.target.item_type, r.target.item_id)]) is not None]
    share = len(kept) / len(requests)
    print(f"{name}: {len(kept)}/{len(requests)} written-params requests survive ({share:.0%})")
    assert share >= 0.6
