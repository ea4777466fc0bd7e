"""Call arguments taken from the user's own words: search queries and ids for new items (a run's
params are `params.py`'s).

These are general rules of English requests, not rules for any library: what is left of a request
once the words that ask (find, search, show), the words that name a type (scripts, notes) and
function words are gone, is what the user is looking for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kiwi_term.library.items import Item

TYPE_WORDS: dict[str, str] = {
    **dict.fromkeys(
        "directive directives workflow workflows runbook runbooks procedure procedures "
        "playbook playbooks recipe recipes".split(), "directive"),
    **dict.fromkeys("script scripts tool tools code program programs".split(), "script"),
    **dict.fromkeys(
        "knowledge note notes doc docs documentation learning learnings entry entries "
        "article articles memo memos".split(), "knowledge"),
    **dict.fromkeys("everything anything items item library all".split(), "any"),
}
"""Words that name an item type, and the type they name."""

ASKING = frozenset(
    "find search look lookup list show get fetch grep locate seek browse give open see "
    "create new write make add start draft set up".split()
)
FUNCTION = frozenset(
    "a an the for of to my me our that this these those some any all about with on in we i you "
    "please up is are was were be been do does did have has had there here what which where who "
    "how when can could would will shall should it its them they their us your yours "
    "and or but if then than so just also got anything related regarding around from by at "
    "as into onto like kind sort ones one".split()
)

_WORD = re.compile(r"([a-z0-9]+)(?:['\u2019]([a-z]+))?")
_CLITICS = frozenset("s re ve ll d m".split())
"""What follows an apostrophe and is a word of its own or a possessive: "today's", "we're"."""


def words(text: str) -> list[str]:
    """Lowercase alphanumeric words of a text. "today's" is "today" and "we're" is "we", not two
    words ending in a stray "s" or "re"; "don't" is "dont"."""
    return [head if tail in _CLITICS else head + tail
            for head, tail in _WORD.findall(text.lower())]


def stem(word: str) -> str:
    """The word without a plural `s` (four letters or more, not `ss`)."""
    return word[:-1] if len(word) >= 4 and word.endswith("s") and not word.endswith("ss") else word


def library_vocabulary(items: Iterable[Item]) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """Stemmed words and adjacent word pairs that occur in the items' ids, tags and summaries."""
    vocab: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for item in items:
        for text in (item.id.replace("_", " ").replace("-", " "), item.summary, *item.tags):
            stems = [stem(w) for w in words(text)]
            vocab.update(stems)
            pairs.update(zip(stems, stems[1:], strict=False))
    return frozenset(vocab), frozenset(pairs)


def search_query(
    text: str, vocab: frozenset[str] = frozenset(),
    pairs: frozenset[tuple[str, str]] = frozenset(),
) -> str:
    """The search terms in a request, e.g. "find that email script we made" -> "email".

    Words the library knows are preferred: when some remain, words it does not know ("made",
    "week") are dropped, since searching for them can only add noise. A request without a word
    ("~", an emoji) is searched for as typed: a search needs a query.
    """
    tokens = words(text)
    stems = [stem(t) for t in tokens]
    keep = []
    for i, (token, root) in enumerate(zip(tokens, stems, strict=True)):
        if token in FUNCTION or token in ASKING:
            continue
        if token in TYPE_WORDS:
            # "git workflows": a type word that is part of a known name is a search term too.
            before = stems[i - 1] if i else ""
            if (before, root) not in pairs:
                continue
        keep.append((token, root))
    known = [t for t, s in keep if s in vocab]
    chosen = known or [t for t, _ in keep]
    if not chosen:
        chosen = [t for t in tokens if t not in FUNCTION] or tokens
    return " ".join(dict.fromkeys(chosen)) or text.strip()


def new_item_id(text: str) -> str:
    """An id for a new item from the user's words: "new script for parsing invoices" ->
    "parsing_invoices"."""
    kept = [
        t for t in words(text)
        if t not in FUNCTION and t not in ASKING and t not in TYPE_WORDS
        and t not in ("called", "named", "entry", "today", "todays")
    ]
    return "_".join(kept[:4]) or "untitled"


def stems(text: str) -> set[str]:
    """Stemmed words of a text or a name (`max_prices`: max, price)."""
    return {stem(w) for w in words(text)}


def content_stems(text: str) -> frozenset[str]:
    """Stemmed words of three letters or more that are not function words."""
    return frozenset(stem(w) for w in words(text) if w not in FUNCTION and len(w) >= 3)


def mentioned_type(text: str) -> str | None:
    """The item type a request names explicitly, if exactly one."""
    named = {TYPE_WORDS[w] for w in words(text) if w in TYPE_WORDS and w not in ("all", "item")}
    return named.pop() if len(named) == 1 else None
