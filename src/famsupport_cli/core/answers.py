"""Turning a raw answer (typed, or read from a file) into a valid answer value.

Typed and scripted answers go through the same `coerce`, so a value that the
interactive walk would refuse is refused from a file too, with the same words.
"""

from __future__ import annotations

import re
import reprlib
from typing import Any

from famsupport_cli.content.models import DONT_KNOW, NOT_APPLICABLE, Question
from famsupport_cli.core.conditions import AnswerValue

_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}


class AnswerProblem(ValueError):
    """Why a raw value is not a valid answer to a question."""

    def __init__(self, message: str, allowed: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.allowed = allowed


def special_values(question: Question) -> list[str]:
    """The reserved answers this question accepts ("don't know", "not applicable")."""
    return [value for value, on in ((DONT_KNOW, question.allow_dont_know), (NOT_APPLICABLE, question.allow_not_applicable)) if on]


def choice_values(question: Question) -> list[str]:
    """Every value a choice question accepts, reserved ones last."""
    base = ["yes", "no"] if question.type == "yesno" else [option.value for option in question.options or []]
    return base + special_values(question)


def allowed_text(question: Question) -> str:
    """The allowed values in words, for error messages and answers templates."""
    if question.type in ("single", "yesno"):
        return "one of: " + ", ".join(choice_values(question))
    if question.type == "multiple":
        values = ", ".join(option.value for option in question.options or [])
        extra = special_values(question)
        return f"a list of: {values}" + (f" (or one of: {', '.join(extra)})" if extra else "")
    if question.type in ("number", "scale"):
        low = "" if question.min is None else str(question.min)
        high = "" if question.max is None else str(question.max)
        text = f"a whole number from {low or 'any'} to {high or 'any'}"
        extra = special_values(question)
        return text + (f" (or one of: {', '.join(extra)})" if extra else "")
    return f"text, at most {question.max_length} characters"


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
        raise AnswerProblem(f"'{candidate}' is not offered for this question", allowed_text(question))
    return None


def _text(question: Question, raw: Any) -> str | None:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise AnswerProblem("expected text", allowed_text(question))
    text = str(raw).replace("\r\n", "\n").strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise AnswerProblem("the text holds characters that are not valid Unicode", allowed_text(question)) from None
    if len(text) > question.max_length:
        raise AnswerProblem(f"the text is {len(text)} characters long", allowed_text(question))
    return text or None


def _yes_no(question: Question, raw: Any) -> str:
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if isinstance(raw, str) and raw.strip().lower() in _YES | _NO:
        return "yes" if raw.strip().lower() in _YES else "no"
    raise AnswerProblem(f"{_shown(raw)} is not yes or no", allowed_text(question))


def _single(question: Question, raw: Any) -> str:
    if isinstance(raw, bool):  # JSON true/false, or YAML written by a 1.1 tool, for yes/no options
        raw = "yes" if raw else "no"
    if isinstance(raw, str):
        found = _option_value(question, raw)
        if found is not None:
            return found
    raise AnswerProblem(f"{_shown(raw)} is not one of the options", allowed_text(question))


def _multiple(question: Question, raw: Any) -> list[str]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise AnswerProblem("expected a list of options", allowed_text(question))
    chosen: list[str] = []
    for item in items:
        found = _option_value(question, item)
        if found is None:
            raise AnswerProblem(f"{_shown(item)} is not one of the options", allowed_text(question))
        if found not in chosen:
            chosen.append(found)
    if not chosen and question.required:
        raise AnswerProblem("choose at least one option", allowed_text(question))
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
        raise AnswerProblem(f"{_shown(raw)} is not a whole number", allowed_text(question))
    if (question.min is not None and raw < question.min) or (question.max is not None and raw > question.max):
        raise AnswerProblem(f"{raw} is out of range", allowed_text(question))
    return raw


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60


def _shown(raw: Any) -> str:
    """A value as it may appear in a message: short, whatever its size."""
    return f"'{raw[:57]}...'" if isinstance(raw, str) and len(raw) > 60 else _SHORT.repr(raw)
