"""The one error type the tool raises for anything a user can cause.

Every failure a practitioner can trigger (a bad answers file, a broken content
pack, an unwritable path) becomes a ``FamsupportError`` carrying the message, an
optional hint and the exit code. The CLI turns it into output in one place.

The message, hint and details are words not yet chosen: a `messages.Text` (a message key
and its values) or a plain string (words from elsewhere, such as a content file's own).
This module imports nothing else of famsupport's, so any module may raise one; the words
are chosen only when they are shown (`str()`, in the language the command chose).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

# A message key with its values (`messages.Text`), or a plain string: anything whose str() is
# its words in the current language. Typed loosely so that this module need not import messages.
Message = object


class ExitCode(IntEnum):
    """Exit codes documented in the README; trainers' scripts rely on them."""

    OK = 0
    FAILURE = 1
    INVALID_INPUT = 2
    INTERRUPTED = 130


class FamsupportError(Exception):
    """A failure explained for people: what went wrong, each detail, what to do.

    `text`, `hint_text` and `detail_texts` are as given (keys and values); `message`, `hint`
    and `details` are their words in the current language.
    """

    def __init__(
        self,
        message: Message,
        *,
        hint: Message | None = None,
        details: Sequence[Message] | None = None,
        exit_code: ExitCode = ExitCode.FAILURE,
    ) -> None:
        super().__init__(message)
        self.text = message
        self.hint_text = hint
        self.detail_texts = list(details or [])
        self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self.text)

    @property
    def hint(self) -> str | None:
        return None if self.hint_text is None else str(self.hint_text)

    @hint.setter
    def hint(self, value: Message | None) -> None:
        self.hint_text = value

    @property
    def details(self) -> list[str]:
        return [str(detail) for detail in self.detail_texts]

    def __str__(self) -> str:
        return self.message


def invalid_input(message: Message, *, hint: Message | None = None, details: Sequence[Message] | None = None) -> FamsupportError:
    """An error in what the user gave us: answers, content or options (exit 2)."""
    return FamsupportError(message, hint=hint, details=details, exit_code=ExitCode.INVALID_INPUT)
