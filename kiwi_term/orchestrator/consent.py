"""Consent for the model's actions: it may search and load freely; a create, update, delete or
run that it asks for waits for the user's yes, once per call, unless the config pre-approves it.

```toml
[consent]
# VERB[:TYPE[:ID]], VERB one of execute (a run), create, update, delete; TYPE one of directive,
# script, knowledge; "*" matches any TYPE or ID.
allow = ["execute:script:csv_parser", "create:knowledge"]
```

Whoever runs the orchestrator passes an `AskConsent` callback (the terminal shows the call and
waits for a key). Without one nobody can be asked, so only pre-approved calls run. A refusal is
not an error of the request: it goes back to the model as the call's result.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kiwi_term.calls import ITEM_TYPES, ToolCall
from kiwi_term.errors import KiwiError

log = logging.getLogger(__name__)

VERBS = ("execute", "create", "update", "delete")
"""What a `[consent] allow` rule may pre-approve; "execute" is a run (action "run")."""
FREE = frozenset({"search", "load"})
"""Primitives the model calls without asking: they read, never change or run anything."""


def verb_of(call: ToolCall) -> str | None:
    """The consent verb of a call ("execute" for a run), or None when it needs no consent."""
    if call.name in FREE:
        return None
    action = str(call.arguments.get("action", "run"))
    return "execute" if action == "run" else action


def rule_for(call: ToolCall) -> str:
    """The narrowest rule that pre-approves `call`, e.g. `execute:script:csv_parser`."""
    args = call.arguments
    return f"{verb_of(call) or call.name}:{args.get('item_type', '*')}:{args.get('item_id', '*')}"


@dataclass(frozen=True)
class ConsentRule:
    """One entry of `[consent] allow`."""

    verb: str
    item_type: str = "*"
    item_id: str = "*"

    @classmethod
    def parse(cls, text: str) -> ConsentRule:
        """Read `VERB[:TYPE[:ID]]`.

        Raises:
            KiwiError: an unknown verb or type, or too many parts, naming the entry.
        """
        parts = [p.strip() for p in str(text).split(":")]
        where = f"[consent] allow entry {text!r}"
        if len(parts) > 3 or not all(parts):
            raise KiwiError(f"{where}: write VERB, VERB:TYPE or VERB:TYPE:ID, "
                            'e.g. "execute:script:csv_parser"')
        verb, item_type, item_id = (*parts, "*", "*")[:3]
        if verb not in VERBS:
            raise KiwiError(f"{where}: the verb must be one of {', '.join(VERBS)}")
        if item_type != "*" and item_type not in ITEM_TYPES:
            raise KiwiError(f"{where}: the type must be one of {', '.join(ITEM_TYPES)} or *")
        return cls(verb, item_type, item_id)

    def matches(self, call: ToolCall) -> bool:
        """Whether this rule pre-approves `call`."""
        args = call.arguments
        return (verb_of(call) == self.verb
                and self.item_type in ("*", args.get("item_type"))
                and self.item_id in ("*", args.get("item_id")))

    def __str__(self) -> str:
        return ":".join(p for p in (self.verb, self.item_type, self.item_id))


@dataclass(frozen=True)
class ConsentPolicy:
    """The calls the user's config pre-approves (`[consent] allow`)."""

    rules: tuple[ConsentRule, ...] = ()

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> ConsentPolicy:
        """Read a `[consent]` table.

        Raises:
            KiwiError: `allow` is not a list of strings, or an entry does not parse.
        """
        allow = table.get("allow", [])
        if isinstance(allow, str):
            allow = [allow]
        if not isinstance(allow, list) or not all(isinstance(a, str) for a in allow):
            raise KiwiError('[consent] allow must be a list of strings, e.g. ["create:knowledge"]')
        return cls(tuple(ConsentRule.parse(a) for a in allow))

    def approval(self, call: ToolCall) -> ConsentRule | None:
        """The rule that pre-approves `call`, or None."""
        return next((rule for rule in self.rules if rule.matches(call)), None)


@dataclass(frozen=True)
class ConsentRequest:
    """A call the model asked for, waiting for the user's answer."""

    call: ToolCall
    """The exact call, as it will run if approved."""
    stop: threading.Event
    """Set when the request is stopped (Esc) or reaches its deadline: stop waiting, refuse."""

    @property
    def rule(self) -> str:
        """The `[consent] allow` entry that would pre-approve this call next time."""
        return rule_for(self.call)

    def exact(self) -> str:
        """The call as JSON (kiwi-format §5), indented: what the user approves."""
        return json.dumps(self.call.to_dict(), indent=2, ensure_ascii=False)


AskConsent = Callable[[ConsentRequest], bool]
"""Asks the user about one call from the orchestrator's worker thread and blocks until they
answer: True runs the call. It must return False soon after `request.stop` is set."""


class ConsentGate:
    """Decides, for each call of one request, whether it runs: freely, pre-approved, or asked."""

    def __init__(self, policy: ConsentPolicy, ask: AskConsent | None) -> None:
        self.policy = policy
        """The config's pre-approvals."""
        self.ask = ask
        """How to ask the user; None when nobody can be asked (not in the terminal)."""

    def refusal(self, call: ToolCall, stop: threading.Event) -> str | None:
        """None when `call` may run; otherwise why not, in words for the model (its result).

        Blocks while the user is asked; never raises.
        """
        if verb_of(call) is None or self.policy.approval(call) is not None:
            return None
        rule = rule_for(call)
        if self.ask is None:
            return (f"not run: {call.readable()} needs the user's approval, and there is no "
                    f"one to ask here ([consent] allow does not pre-approve {rule}). Tell the "
                    "user what you wanted to do instead of doing it.")
        try:
            approved = self.ask(ConsentRequest(call, stop))
        except Exception:  # noqa: BLE001 - a broken prompt must refuse, not run or crash
            log.exception("asking for consent failed")
            approved = False
        if approved and not stop.is_set():
            return None
        if stop.is_set():
            return f"not run: the request was stopped before the user approved {call.readable()}"
        return (f"not run: the user refused {call.readable()}. Do not try to reach the same "
                "end another way; ask the user what they want.")
