"""Turning a raw answer (typed, or read from a file) into a valid answer value.

Typed and scripted answers go through the same `coerce`, so a value that the
interactive walk would refuse is refused from a file too, with the same words.
"""

from __future__ import annotations

import re
import reprlib
from typing import Any

from famsupport_cli.content.models import DONT_KNOW, NOT_APPLICABLE, Question, choice_values, special_values
from famsupport_cli.core.conditions import AnswerValue
from famsupport_cli.messages import Number, Text

__all__ = ["AnswerProblem", "allowed_text", "choice_values", "coerce", "special_values"]  # the two value lists live with Question

_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}


class AnswerProblem(ValueError):
    """Why a raw value is not a valid answer to a question."""

    def __init__(self, message: str | Text, allowed: str | Text | None = None) -> None:
        super().__init__(message)
        self.text = message  # as given: a message key and values, or words from elsewhere
        self.allowed = allowed

    @property
    def message(self) -> str:
        return str(self.text)


def allowed_text(question: Question) -> Text:
    """The allowed values, for error messages and answers templates (words when shown)."""
    extra = special_values(question)
    special = Text("allowed_or_one_of", values=", ".join(extra)) if extra else ""
    if question.type in ("single", "yesno"):
        return Text("allowed_one_of", values=", ".join(choice_values(question)))
    if question.type == "multiple":
        return Text("allowed_list_of", values=", ".join(option.value for option in question.options or []), special=special)
    if question.type in ("number", "scale"):
        low = Text("allowed_any") if question.min is None else question.min
        high = Text("allowed_any") if question.max is None else question.max
        return Text("allowed_number", low=low, high=high, special=special)
    return Text("allowed_text", max=question.max_length)


def coerce(question: Question, raw: Any) -> AnswerValue | None:
    """A valid answer value, or None for an empty answer. Raises AnswerProblem."""
    special = _special(question, raw)
    if special is not None:
        return special
    if question.type == "text":
        return _text(question, raw)
    if question.type == "yesno":
        return _yes_no(question, raw)
    if question.type == "single":
        return _single(question, raw)
    if question.type == "multiple":
        return _multiple(question, raw)
    return _number(question, raw)


def _special(question: Question, raw: Any) -> str | None:
    candidate = raw[0] if isinstance(raw, list) and len(raw) == 1 else raw
    if not isinstance(candidate, str):
        return None
    normal = candidate.strip().lower().replace("_", "-").replace("'", "").replace(" ", "-")
    if normal in (DONT_KNOW, NOT_APPLICABLE):
        if normal in special_values(question):
            return normal
        raise AnswerProblem(Text("special_not_offered", value=candidate), allowed_text(question))
    return None


def _text(question: Question, raw: Any) -> str | None:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float) or (isinstance(raw, int) and _huge(raw)):
        raise AnswerProblem(Text("expected_text"), allowed_text(question))
    text = str(raw).replace("\r\n", "\n").strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise AnswerProblem(Text("text_not_unicode"), allowed_text(question)) from None
    if len(text) > question.max_length:
        raise AnswerProblem(Text("text_too_long", length=len(text)), allowed_text(question))
    return text or None


def _yes_no(question: Question, raw: Any) -> str:
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if isinstance(raw, str) and raw.strip().lower() in _YES | _NO:
        return "yes" if raw.strip().lower() in _YES else "no"
    raise AnswerProblem(Text("not_yes_or_no", value=_shown(raw)), allowed_text(question))


def _single(question: Question, raw: Any) -> str:
    if isinstance(raw, bool):  # JSON true/false, or YAML written by a 1.1 tool, for yes/no options
        raw = "yes" if raw else "no"
    if isinstance(raw, str):
        found = _option_value(question, raw)
        if found is not None:
            return found
    raise AnswerProblem(Text("not_an_option", value=_shown(raw)), allowed_text(question))


def _multiple(question: Question, raw: Any) -> list[str]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise AnswerProblem(Text("expected_list"), allowed_text(question))
    chosen: list[str] = []
    for item in items:
        found = _option_value(question, item)
        if found is None:
            raise AnswerProblem(Text("not_an_option", value=_shown(item)), allowed_text(question))
        if found not in chosen:
            chosen.append(found)
    if not chosen and question.required:
        raise AnswerProblem(Text("choose_at_least_one"), allowed_text(question))
    alone = next((option for option in question.options or [] if option.exclusive and option.value in chosen), None)
    if alone is not None and len(chosen) > 1:
        raise AnswerProblem(Text("exclusive_combined", option=alone.label), allowed_text(question))
    return chosen


def _option_value(question: Question, raw: str) -> str | None:
    wanted = raw.strip().lower()
    for option in question.options or []:
        if wanted in (option.value, option.label.lower()):
            return option.value
    return None


def _number(question: Question, raw: Any) -> int:
    if isinstance(raw, str) and re.fullmatch(r"\s*-?\d{1,9}\s*", raw):
        raw = int(raw)
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e9:
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise AnswerProblem(Text("not_a_whole_number", value=_shown(raw)), allowed_text(question))
    if (question.min is not None and raw < question.min) or (question.max is not None and raw > question.max):
        raise AnswerProblem(Text("out_of_range", value=_shown(raw)), allowed_text(question))
    if _huge(raw):  # a question without bounds still takes no number that cannot even be printed
        raise AnswerProblem(Text("out_of_range", value=_shown(raw)), allowed_text(question))
    return raw


# Python refuses to turn an integer of more than 4,300 digits into text (and a 0x... or 0b... answer
# can be far longer): such a number is described by its size, never printed.
_HUGE_BITS = 128


def _huge(number: int) -> bool:
    return number.bit_length() > _HUGE_BITS


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60


def _shown(raw: Any) -> str | Text:
    """A value as it may appear in a message: short, whatever its size (a huge number by its size, in the message's language)."""
    if isinstance(raw, int) and not isinstance(raw, bool) and _huge(raw):
        return Text("huge_number", digits=Number(int(raw.bit_length() * 0.30103) + 1))
    return f"'{raw[:57]}...'" if isinstance(raw, str) and len(raw) > 60 else _SHORT.repr(raw)
