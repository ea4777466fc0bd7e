"""`kiwi train`: teach the router model its task and write the adapter it loads."""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from kiwi_term.commands.common import (
    EXIT_OK,
    ProgressLine,
    add_command,
    note,
    print_json,
    wants_json,
)
from kiwi_term.errors import KiwiError

ALL_PROJECTIONS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `kiwi train`."""
    parser = add_command(
        subparsers, "train", handle,
        summary="train the router's LoRA adapter (slow; never needed to use kiwi)",
        description="Generate routing examples from the domain corpus (and, with --library, from "
        "a library of yours), train a LoRA adapter on the router model on the CPU, write it as "
        "a GGUF adapter, and fit its calibration on domains held out of training. Kiwi ships "
        "the adapter this command made; run it to reproduce or to adapt the router. Needs the "
        "[train] extra. Takes about an hour on 2 cores with the defaults.",
        examples=[
            "kiwi train",
            "kiwi train --steps 60 --out /tmp/router.gguf",
            "kiwi train --library ~/work/project --holdout homelab,data_science",
            "kiwi train --filler-for assets/router/kiwi-router.gguf --values-per-item 8",
        ],
    )
    parser.add_argument("--corpus", type=Path, default=None,
                        help="folder of domain JSON files (default: the bundled corpus)")
    parser.add_argument("--library", type=Path, action="append", default=[],
                        help="a project whose .ai/ items add templated examples (repeatable)")
    parser.add_argument("--holdout", default="",
                        help="comma-separated domains kept out of training for calibration "
                             "(default: two chosen by --seed)")
    parser.add_argument("--steps", type=int, default=300,
                        help="training steps; one step is one menu with up to 24 requests")
    parser.add_argument("--rounds", type=int, default=3,
                        help="times each request is sampled, on a new menu each time")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--layers", type=int, default=12, help="top layers that get LoRA")
    parser.add_argument("--rank", type=int, default=16)
    parser.add_argument("--modules", default=",".join(ALL_PROJECTIONS),
                        help="comma-separated projections that get LoRA (default: all seven)")
    parser.add_argument("--per-pack", type=int, default=40,
                        help="requests trained together on one menu")
    parser.add_argument("--prefixes", type=float, default=0.35, metavar="SHARE",
                        help="share of requests also trained cut short, as typed part-way "
                        "(default 0.35)")
    parser.add_argument("--values-per-item", type=int, default=0, metavar="N",
                        help="also teach filling a run's params, from N generated requests with "
                        "values per item that takes inputs (default 0: routing only; with 8, "
                        "routing on dev fell from 0.92 to 0.84, see BENCHMARKS.md)")
    parser.add_argument("--values-weight", type=float, default=1.0, metavar="W",
                        help="with --values-per-item, weight of a param value's loss beside a "
                        "menu label's (default 1)")
    parser.add_argument("--hard-menus", type=float, default=0.0, metavar="SHARE",
                        help="share of requests trained on menus built as for a large library: "
                        "their items among the corpus items most like them, from every library, "
                        "and sometimes a second copy of an item (default 0)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--resume", type=Path, default=None,
                        help="start from this adapter (same --layers and --modules) and go on")
    parser.add_argument("--filler-for", type=Path, default=None, metavar="ADAPTER",
                        help="train the params-filling adapter of this router adapter instead: "
                        "it acts only on the params the router appends after a settled "
                        "request, so routing stays exactly as it is (needs --values-per-item; "
                        "default --out: ADAPTER's name with .fill.gguf)")
    parser.add_argument("--calibrate-only", action="store_true",
                        help="keep the adapter at --out and only fit its calibration again")
    parser.add_argument("--out", type=Path, default=None,
                        help="adapter file to write (default: the bundled assets/router/)")


def handle(args: argparse.Namespace) -> int:
    """Generate examples, train, export and calibrate."""
    try:
        import peft  # noqa: F401
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        raise KiwiError(
            "training needs the [train] extra: pip install 'kiwi-terminal[train]'"
        ) from None
    from kiwi_term.primitives import Kiwi
    from predictors.router.calibration import calibration_path, filler_path, fit, write_fits
    from predictors.runtime.llama_session import LlamaSession
    from predictors.runtime.models import assets_dir, router_model_path
    from predictors.training.calibrate import pack_rows
    from predictors.training.data import Domain, HardMenus, load_corpus, packs
    from predictors.training.param_data import with_values
    from predictors.training.train import TrainSettings, train_adapter

    corpus = args.corpus or assets_dir() / "training" / "libraries"
    domains = load_corpus(corpus)
    if len(domains) < 3:
        raise KiwiError(f"{corpus}: need at least 3 domain files, found {len(domains)}")
    rng = random.Random(args.seed)
    names = [d.name for d in domains]
    held = [h.strip() for h in args.holdout.split(",") if h.strip()] or rng.sample(names, 2)
    unknown = set(held) - set(names)
    if unknown:
        raise KiwiError(
            f"--holdout: no domain {', '.join(sorted(unknown))}; have {', '.join(names)}"
        )
    train_domains = [d for d in domains if d.name not in held]
    for project in args.library:
        kiwi = Kiwi(project.resolve())
        train_domains.append(Domain(f"library:{project}", kiwi.library.items()))
    valid_domains = [d for d in domains if d.name in held]
    foreign = [i for d in train_domains for i in d.items]
    values = with_values(args.values_per_item) if args.values_per_item > 0 else None
    if args.filler_for is not None:
        if values is None:
            raise KiwiError("--filler-for: give --values-per-item N, the requests it learns from")
        if not args.filler_for.is_file():
            raise KiwiError(f"--filler-for: no router adapter at {args.filler_for}")
        if args.calibrate_only or args.resume:
            raise KiwiError("--filler-for trains a new filling adapter; it takes neither "
                            "--calibrate-only nor --resume")
    if args.values_weight <= 0:
        raise KiwiError(f"--values-weight: a weight above 0, not {args.values_weight}")
    if not 0.0 <= args.hard_menus <= 1.0:
        raise KiwiError(f"--hard-menus: a share from 0 to 1, not {args.hard_menus}")
    hard = HardMenus(foreign) if args.hard_menus > 0 else None
    # Each round samples new menus, typos and orders for the same requests.
    train_set = [
        p for _ in range(args.rounds)
        for p in packs(train_domains, rng, per_pack=args.per_pack, foreign=foreign,
                       prefix_rate=args.prefixes, with_values=values, hard=hard,
                       hard_rate=args.hard_menus)
    ]
    valid_set = packs(valid_domains, random.Random(args.seed + 1), typo_rate=0.1,
                      prefix_rate=args.prefixes, with_values=values)
    note(f"{sum(len(p.requests) for p in train_set)} training requests on {len(train_set)} menus "
         f"from {len(train_domains)} libraries; {sum(len(p.requests) for p in valid_set)} "
         f"held-out requests from {', '.join(held)}")
    out = args.out or (filler_path(args.filler_for) if args.filler_for
                       else assets_dir() / "router" / "kiwi-router.gguf")
    out.parent.mkdir(parents=True, exist_ok=True)
    settings = TrainSettings(steps=args.steps, lr=args.lr, rank=args.rank, layers=args.layers,
                             seed=args.seed, modules=tuple(args.modules.split(",")),
                             resume=args.resume, value_weight=args.values_weight,
                             filler_for=args.filler_for)
    model = router_model_path()
    if args.calibrate_only:
        if not out.is_file():
            raise KiwiError(f"--calibrate-only: no adapter at {out}")
        report_file = out.with_suffix(".train.json")
        report = json.loads(report_file.read_text()) if report_file.is_file() else {}
    else:
        report = train_adapter(model, train_set, valid_set[:4], out, settings, log=note)
        report["settings"]["prefixes"] = args.prefixes
        report["settings"]["hard_menus"] = args.hard_menus
        report["settings"]["holdout"] = held
        earlier = args.resume.with_suffix(".train.json") if args.resume else None
        if earlier is not None and earlier.is_file():
            # The run this one continued, so the shipped report tells the whole recipe.
            report["resumed_from"] = json.loads(earlier.read_text())
    if args.filler_for is not None:
        # Routing is the router adapter's own, so its calibration stands.
        report["settings"]["values_per_item"] = args.values_per_item
        out.with_suffix(".train.json").write_text(json.dumps(report, indent=2) + "\n")
        if wants_json(args):
            print_json(report)
        else:
            print(f"filling adapter written to {out}: held-out param answers "
                  f"{report['valid_param_accuracy']}")
        return EXIT_OK
    note("calibrating on the held-out domains with llama.cpp and the embedder")
    session = LlamaSession(model, out)
    from predictors.router.similarity import ItemSimilarity
    from predictors.runtime.embeddings import shared_embedder

    similarity = ItemSimilarity(shared_embedder())
    progress = ProgressLine("calibrating")
    rows = pack_rows(session, valid_set, similarity, progress)
    progress.close()
    fitted = fit(rows)
    earlier = calibration_path(out)
    if args.calibrate_only and earlier.is_file():
        # The same adapter: its large-library fit (`kiwi calibrate`) still holds.
        large = json.loads(earlier.read_text()).get("large")
        if large is not None:
            fitted["large"] = large
    write_fits(out, fitted)
    report.update(calibration=fitted, holdout=held, adapter=str(out),
                  calibration_prefixes=args.prefixes)
    out.with_suffix(".train.json").write_text(json.dumps(report, indent=2) + "\n")
    if wants_json(args):
        print_json(report)
    else:
        if args.calibrate_only:
            print(f"calibration written beside {out}")
        else:
            print(f"adapter written to {out}")
        alone = fitted["model_alone"]
        print(f"held-out accuracy {fitted['accuracy']:.3f}, ECE {fitted['ece']:.4f} "
              f"(model alone {alone['accuracy']:.3f}, ECE {alone['ece']:.4f}); "
              f"temperature {fitted['temperature']}, lexical weight {fitted['lexical_weight']}, "
              f"semantic weight {fitted['semantic_weight']}, "
              f"naming weight {fitted['naming_weight']}")
        typing = fitted.get("typing")
        if typing:
            print(f"while typing ({typing['examples']} held-out prefixes): accuracy "
                  f"{typing['accuracy']:.3f}, ECE {typing['ece']:.4f}; temperature "
                  f"{typing['temperature']}")
    return EXIT_OK
