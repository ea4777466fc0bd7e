"""The environment a script runs in: Kiwi's, less every secret Kiwi holds or can name.

A script may be one the remote model wrote a minute ago, so it gets none of Kiwi's own secrets
(`KIWI_KEYRING_PASSPHRASE`...), none of the provider keys the config names (`[providers.*]
api_key_env`) or that are commonly set (`OPENAI_API_KEY`...), and no variable whose name looks like
a secret (`*_TOKEN`, `*_SECRET*`, `*PASSWORD*`, `*_KEY`..., the names the interaction log redacts).
A script that needs one lists it in the user's `[execute] env_allow`; the project's `.env` is added
afterwards, since what a project keeps there is meant for its own scripts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from kiwi_term.scrub import is_secret_name

KIWI_SECRETS = frozenset({"KIWI_KEYRING_PASSPHRASE", "KIWI_ORCHESTRATOR_API_KEY"})
"""Kiwi's own secrets, withheld even if their names stopped looking like secrets."""

PROVIDER_KEYS = frozenset({
    "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY",
    "AZURE_OPENAI_API_KEY", "MISTRAL_API_KEY", "GROQ_API_KEY", "OPENROUTER_API_KEY",
    "TOGETHER_API_KEY", "DEEPSEEK_API_KEY", "XAI_API_KEY", "COHERE_API_KEY",
    "FIREWORKS_API_KEY", "PERPLEXITY_API_KEY", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN",
    "REPLICATE_API_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
})
"""Common LLM and cloud credentials, withheld whatever the config says."""

_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def provider_key_names(providers: Mapping[str, Any]) -> frozenset[str]:
    """The `api_key_env` names of the `[providers.*]` tables (malformed entries are skipped)."""
    names = set()
    for table in providers.values() if isinstance(providers, Mapping) else ():
        name = table.get("api_key_env") if isinstance(table, Mapping) else None
        if isinstance(name, str) and name.strip():
            names.add(name.strip())
    return frozenset(names)


def env_names(value: Any) -> frozenset[str]:
    """A config list of environment variable names (`env_allow`); anything else is empty."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        return frozenset()
    return frozenset(v for v in value if isinstance(v, str) and _ENV_NAME.fullmatch(v))


def is_withheld(name: str, secret_names: Iterable[str] = ()) -> bool:
    """Whether a variable is kept from scripts (before the allow-list is applied)."""
    return (
        name in KIWI_SECRETS
        or name in PROVIDER_KEYS
        or name in set(secret_names)
        or is_secret_name(name)
    )


def script_environment(
    base: Mapping[str, str],
    *,
    secret_names: Iterable[str] = (),
    allow: Iterable[str] = (),
) -> tuple[dict[str, str], tuple[str, ...]]:
    """The environment for a script, and the names withheld from it.

    Args:
        base: the environment Kiwi runs in.
        secret_names: more variables to withhold (the config's provider key names).
        allow: variables the user lets scripts have although they look secret.

    Returns:
        (the environment, the sorted names withheld).
    """
    secret = frozenset(secret_names)
    allowed = frozenset(allow)
    env: dict[str, str] = {}
    withheld = []
    for name, value in base.items():
        if name not in allowed and is_withheld(name, secret):
            withheld.append(name)
        else:
            env[name] = value
    return env, tuple(sorted(withheld))
