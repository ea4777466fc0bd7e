"""Write a project that holds several training libraries at once, and a case file for it.

The router's menu holds about 22 items. A user's library (the project's `.ai/` plus `~/.ai`)
soon holds more, and then the warm cache chooses which items the router sees. This writes
libraries of the training corpus as real `.ai/` files in one project, with cases drawn from their
requests (two run and two load phrasings per item, four searches and four bits of chit-chat per
library), so that `kiwi eval` measures the router on a library larger than its menu:

    PYTHONPATH=. python benchmarks/large_library.py /tmp/large hr_recruiting ecommerce_inventory
    kiwi eval /tmp/large/cases.jsonl --project /tmp/large

Use libraries the shipped adapter was not trained on (the held-out domains, named in
`assets/router/kiwi-router.train.json`), or the figures flatter it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from xml.sax.saxutils import escape

CORPUS = Path(__file__).resolve().parents[1] / "assets" / "training" / "libraries"


def directive(item: dict, category: str) -> str:
    """A directive file for a corpus item."""
    description = escape(item["description"])
    inputs = "".join(
        f'    <input name="{i["name"]}" type="{i.get("type", "string")}" '
        f'required="{str(i.get("required", False)).lower()}">{escape(i["name"])}</input>\n'
        for i in item.get("inputs", [])
    )
    return f"""<directive name="{item['id']}" version="1.0.0">
  <metadata>
    <description>{description}</description>
    <category>{category}</category>
    <tags>{escape(", ".join(item.get("tags", [])))}</tags>
    <permissions>
      <permission>read:files</permission>
    </permissions>
  </metadata>
  <inputs>
{inputs}  </inputs>
  <process>
    <step name="run">{description}</step>
  </process>
  <outputs>
    <success>{item['id']} finished</success>
    <failure>{item['id']} failed</failure>
  </outputs>
</directive>
"""


ARGPARSE_TYPES = {"int": "type=int", "number": "type=float", "bool": 'action="store_true"'}


def script(item: dict) -> str:
    """A script file for a corpus item: its docstring describes and tags it, and its inputs are
    argparse options, as a user's script declares them."""
    tags = ", ".join(item.get("tags", []))
    options = "".join(
        f'parser.add_argument("--{i["name"]}"'
        + (f', {ARGPARSE_TYPES[i["type"]]}' if i.get("type") in ARGPARSE_TYPES else "")
        + (", required=True" if i.get("required") and i.get("type") != "bool" else "")
        + ")\n"
        for i in item.get("inputs", [])
    )
    return (f'"""{item["description"]}\n\nTags: {tags}\n"""\nimport argparse\nimport json\n\n'
            "parser = argparse.ArgumentParser()\n" + options
            + 'print(json.dumps({"ok": True, "args": vars(parser.parse_args())}))\n')


def knowledge(item: dict) -> str:
    """A knowledge file for a corpus item."""
    tags = ", ".join(item.get("tags", []))
    return (f"---\ntitle: {json.dumps(item['description'])}\ntags: [{tags}]\n---\n"
            f"{item['description']}\n")


def write_project(root: Path, names: list[str], seed: int = 5) -> int:
    """Write the libraries' items under `root/.ai` and their cases to `root/cases.jsonl`;
    returns the number of cases."""
    known = sorted(p.stem for p in CORPUS.glob("*.json"))
    for name in names:
        if name not in known:
            raise SystemExit(f"no training library {name!r} (there are: {', '.join(known)})")
    rng = random.Random(seed)
    ai = root / ".ai"
    cases: list[dict] = []
    for name in names:
        domain = json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))
        for item in domain["items"]:
            kind, item_id = item["type"], item["id"]
            if kind == "directive":
                target, text = ai / "directives" / f"{item_id}.xml", directive(item, name)
            elif kind == "script":
                target, text = ai / "scripts" / f"{item_id}.py", script(item)
            else:
                target, text = ai / "knowledge" / f"{item_id}.md", knowledge(item)
            if target.exists():
                raise SystemExit(f"{target}: two libraries hold {kind} {item_id}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            for call, key in (("execute", "run"), ("load", "load")):
                said = item.get(key, [])
                for request in rng.sample(said, min(2, len(said))):
                    cases.append({"history": [], "text": request, "expect": {
                        "name": call, "arguments": {"item_type": kind, "item_id": item_id}}})
        for search in rng.sample(domain["search"], min(4, len(domain["search"]))):
            cases.append({"history": [], "text": search["text"], "expect": {
                "name": "search",
                "arguments": {"item_type": search["item_type"], "query": search["query"]}}})
        for chat in rng.sample(domain["chat"], min(4, len(domain["chat"]))):
            cases.append({"history": [], "text": chat, "expect": None})
    rng.shuffle(cases)
    lines = [json.dumps({"id": f"L{n:03d}", **case}) for n, case in enumerate(cases)]
    (root / "cases.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(cases)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the project to write (must not hold .ai/)")
    parser.add_argument("libraries", nargs="+",
                        help="training libraries by file name, e.g. hr_recruiting")
    parser.add_argument("--seed", type=int, default=5, help="which requests become cases")
    args = parser.parse_args(argv)
    if (args.folder / ".ai").exists():
        parser.error(f"{args.folder / '.ai'} exists; give a new folder")
    count = write_project(args.folder, args.libraries, args.seed)
    print(f"wrote {args.folder / '.ai'} and {count} cases in {args.folder / 'cases.jsonl'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
