"""How people type a request: a slip of the fingers, a text cut short part-way, lowercase
without its last stop. Training requests are varied so, as the router will see them."""

from __future__ import annotations

import random


def typo(text: str, rng: random.Random) -> str:
    """One plausible slip of the fingers in one word of four letters or more."""
    tokens = text.split(" ")
    spots = [i for i, t in enumerate(tokens) if len(t) >= 4 and t.isalpha()]
    if not spots:
        return text
    i = rng.choice(spots)
    word = tokens[i]
    j = rng.randrange(1, len(word) - 1)
    slip = rng.choice(("swap", "drop", "double"))
    if slip == "swap":
        word = word[:j] + word[j + 1] + word[j] + word[j + 2:]
    elif slip == "drop":
        word = word[:j] + word[j + 1:]
    else:
        word = word[:j] + word[j] + word[j:]
    tokens[i] = word
    return " ".join(tokens)


def prefix(text: str, rng: random.Random) -> str | None:
    """What the user has typed part-way through `text`: cut after a third of it or more, often
    inside a word, as the router sees it on every keystroke. None for texts too short to cut."""
    words = text.split()
    if len(words) < 2:
        return None
    cut = rng.randint(max(len(words[0]) + 2, int(len(text) * 0.35)), len(text) - 1)
    return text[:cut] if cut < len(text) else None


def vary(text: str, rng: random.Random, typo_rate: float) -> str:
    """`text` as typed: now and then with a slip, or lowercase without its last stop."""
    said = typo(text, rng) if rng.random() < typo_rate else text
    if rng.random() < 0.15:
        said = said.lower().rstrip("?.!")
    return said
