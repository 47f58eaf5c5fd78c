"""The one error type the tool raises for anything a user can cause.

Every failure a practitioner can trigger (a bad answers file, a broken content
pack, an unwritable path) becomes a ``FamsupportError`` carrying the message, an
optional hint and the exit code. The CLI turns it into output in one place.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes documented in the README; trainers' scripts rely on them."""

    OK = 0
    FAILURE = 1
    INVALID_INPUT = 2
    INTERRUPTED = 130


class FamsupportError(Exception):
    """A failure explained for people: what went wrong, each detail, what to do."""

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        details: list[str] | None = None,
        exit_code: ExitCode = ExitCode.FAILURE,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = details or []
        self.exit_code = exit_code


def invalid_input(message: str, *, hint: str | None = None, details: list[str] | None = None) -> FamsupportError:
    """An error in what the user gave us: answers, content or options (exit 2)."""
    return FamsupportError(message, hint=hint, details=details, exit_code=ExitCode.INVALID_INPUT)
