"""Errors that Kiwi reports to its users: each says what is wrong and, where it can, what to do."""

from __future__ import annotations

from pathlib import Path


class KiwiError(Exception):
    """A request Kiwi refuses, with a message meant for the user. Nothing was changed."""


class ParseError(KiwiError):
    """A library file that does not parse."""

    def __init__(self, path: Path, line: int | None, reason: str) -> None:
        self.path = path
        """The file that failed."""
        self.line = line
        """1-based line of the fault, when the parser knows it."""
        self.reason = reason
        """What is wrong, in words."""
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


class UnknownItem(KiwiError):
    """No item of that type and id exists."""


class PermissionRefused(KiwiError):
    """A directive needs a permission the user has not granted."""
