"""Keeping secrets out of the interaction log.

Nothing the log records may hold an API key, a token, a password or the value of an environment
variable that looks like one. Three guards, applied to every text and call before it is queued:

- a parameter whose *name* looks like a secret (`api_key`, `authToken`, `password`...) has its
  value replaced by `REDACTED`, however harmless the value looks;
- substrings that have the *shape* of a credential (`sk-...`, `ghp_...`, `AKIA...`,
  `Bearer ...`, `password=...`) are replaced in free text and in string values;
- the values of environment variables whose names look like secrets are replaced wherever they
  appear, so a key pasted from `$OPENAI_API_KEY` never reaches the disk.

Over-redacting is accepted: a parameter named `author_token_count` loses its value, which costs
one training example, while a leaked key cannot be taken back.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

REDACTED = "[redacted]"
"""What a secret is replaced with."""

# Matched against the name lowercased with separators removed, so `api_key`, `apiKey`, `API-KEY`
# and `x_api_key` all hit. A bare "key" part is handled separately: `keywords` is not a secret.
_SECRET_NAME = re.compile(
    r"(apikey|secret|token|passw(or)?d|passphrase|pwd|auth|credential|cookie|privatekey"
    r"|accesskey|sessionid|signature|bearer)"
)
_NAME_PARTS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")

# Shapes of well-known credentials. Each keeps its prefix out of the match only where the prefix
# is a field name (group 1), so "password=hunter2" becomes "password=[redacted]".
_SECRET_SHAPES = [
    re.compile(r"\bsk-(?:proj-|ant-)?[A-Za-z0-9_\-]{16,}"),  # OpenAI, Anthropic
    re.compile(r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}"),  # GitHub tokens
    re.compile(r"\bgithub_pat_[A-Za-z0-9_]{20,}"),
    re.compile(r"\bxox[abprs]-[A-Za-z0-9\-]{10,}"),  # Slack
    re.compile(r"\bAKIA[0-9A-Z]{16}\b"),  # AWS access key id
    re.compile(r"\bAIza[0-9A-Za-z_\-]{30,}"),  # Google API key
    re.compile(r"\bhf_[A-Za-z0-9]{20,}"),  # Hugging Face
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)"),
    re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=\-]{8,}"),
]
_ASSIGNED_SECRET = re.compile(
    r"(?i)\b((?:api[_-]?key|access[_-]?key|secret|token(?!s\b)|passw(?:or)?d|passphrase|auth)"
    r"[A-Za-z_\-]*\s*[=:]\s*)(\"[^\"]*\"|'[^']*'|[^\s,;&]+)"
)
_MIN_ENV_SECRET = 6
"""Shorter environment values are not searched for: replacing every "abc" would shred text."""


def is_secret_name(name: str) -> bool:
    """Whether a parameter or field name looks like it holds a secret."""
    compact = re.sub(r"[^a-z0-9]", "", str(name).lower())
    if _SECRET_NAME.search(compact):
        return True
    parts = [p.lower() for p in _NAME_PARTS.findall(str(name))]
    # "key" as a whole word (`key`, `openai_key`, `licenseKey`), not inside `keywords`/`monkey`.
    return "key" in parts or "pass" in parts


class Scrubber:
    """Removes secrets from texts and calls; built once per log from the environment."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        environ = os.environ if environ is None else environ
        values = {
            value for name, value in environ.items()
            if is_secret_name(name) and len(value) >= _MIN_ENV_SECRET
        }
        # Longest first, so a value that contains another is replaced whole.
        self._env_values = sorted(values, key=len, reverse=True)
        """Values of secret-looking environment variables, searched for in every text."""

    def text(self, text: str) -> str:
        """`text` with every credential-shaped substring and secret env value replaced."""
        if not text:
            return text
        for value in self._env_values:
            if value in text:
                text = text.replace(value, REDACTED)
        for shape in _SECRET_SHAPES:
            text = shape.sub(REDACTED, text)
        return _ASSIGNED_SECRET.sub(lambda m: m.group(1) + REDACTED, text)

    def value(self, value: Any, name: str | None = None) -> Any:
        """A JSON value with secrets removed: by its `name`, then inside it."""
        if name is not None and is_secret_name(name) and value not in (None, "", {}, []):
            return REDACTED
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {str(k): self.value(v, str(k)) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(v) for v in value]
        if value is None or isinstance(value, bool | int | float):
            return value
        # Anything else (a Path, an object) is stored as its text, scrubbed like any text.
        return self.text(str(value))

    def call(self, call: Mapping[str, Any] | None) -> dict[str, Any] | None:
        """A kiwi-format call (or prediction) with secret arguments and params removed.

        The structural fields (`name`, `item_type`, `item_id`, ...) are names, not secrets, and
        are kept; every other string is scrubbed and every secret-named key is redacted at any
        depth.
        """
        if call is None:
            return None
        clean = self.value(dict(call))
        return clean if isinstance(clean, dict) else None


def contains_redaction(value: Any) -> bool:
    """Whether a stored value had something redacted (such rows make poor training data)."""
    if isinstance(value, str):
        return REDACTED in value
    if isinstance(value, Mapping):
        return any(contains_redaction(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(contains_redaction(v) for v in value)
    return False
