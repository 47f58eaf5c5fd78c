"""The one error type the tool raises for anything a user can cause.

Every failure a practitioner can trigger (a bad answers file, a broken content
pack, an unwritable path) becomes a ``FamsupportError`` carrying the message, an
optional hint and the exit code. The CLI turns it into output in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from famsupport_cli.messages import Text


class ExitCode(IntEnum):
    """Exit codes documented in the README; trainers' scripts rely on them."""

    OK = 0
    FAILURE = 1
    INVALID_INPUT = 2
    INTERRUPTED = 130


class FamsupportError(Exception):
    """A failure explained for people: what went wrong, each detail, what to do.

    The message, hint and details are `Text`s (content/messages.yaml, shown in the user's
    language) or plain strings (text that comes from elsewhere, e.g. a content file's own words).
    """

    def __init__(
        self,
        message: str | Text,
        *,
        hint: str | Text | None = None,
        details: Sequence[str | Text] | None = None,
        exit_code: ExitCode = ExitCode.FAILURE,
    ) -> None:
        super().__init__(message)
        self._message = message
        self._hint = hint
        self._details = list(details or [])
        self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self._message)

    @property
    def hint(self) -> str | None:
        return None if self._hint is None else str(self._hint)

    @hint.setter
    def hint(self, value: str | Text | None) -> None:
        self._hint = value

    @property
    def details(self) -> list[str]:
        return [str(detail) for detail in self._details]

    def __str__(self) -> str:
        return self.message


def invalid_input(message: str | Text, *, hint: str | Text | None = None, details: Sequence[str | Text] | None = None) -> FamsupportError:
    """An error in what the user gave us: answers, content or options (exit 2)."""
    return FamsupportError(message, hint=hint, details=details, exit_code=ExitCode.INVALID_INPUT)
