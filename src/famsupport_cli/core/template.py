"""Answers templates: every question id with its type and allowed values, to fill in."""

from __future__ import annotations

import functools
from typing import Any

from famsupport_cli.content.models import AllOf, AnyOf, Checklist, Condition, NotOf, Question, QuestionRef, choice_values, special_values
from famsupport_cli.content.ui import UiText
from famsupport_cli.core.answers import allowed_text


def describe_condition(condition: Condition, ui: UiText) -> str:
    """A condition in the interface's words, e.g. `shares_household is yes and device_access is one of (own, shared)`.

    Question ids and answer values stay as the content writes them: they are what an answers file holds.
    """
    if isinstance(condition, AllOf | AnyOf):
        joined = ui.condition_and if isinstance(condition, AllOf) else ui.condition_or
        parts = [_grouped(part, ui) for part in (condition.all if isinstance(condition, AllOf) else condition.any)]
        return functools.reduce(lambda left, right: joined.format(left=left, right=right), parts)
    if isinstance(condition, NotOf):
        return ui.condition_not.format(condition=_grouped(condition.not_, ui))
    test = condition
    for name, word in (("gte", ">="), ("lte", "<="), ("gt", ">"), ("lt", "<")):
        bound = getattr(test, name)
        if bound is not None:
            shown = bound.question if isinstance(bound, QuestionRef) else bound
            return f"{test.question} {word} {shown}"
    if test.equals is not None:
        return ui.condition_is.format(question=test.question, value=test.equals)
    if test.in_ is not None:
        return ui.condition_one_of.format(question=test.question, values=", ".join(map(str, test.in_)))
    if test.includes is not None:
        return ui.condition_includes.format(question=test.question, value=test.includes)
    if test.includes_any is not None:
        return ui.condition_includes_any.format(question=test.question, values=", ".join(test.includes_any))
    return (ui.condition_answered if test.answered else ui.condition_not_answered).format(question=test.question)


def _grouped(condition: Condition, ui: UiText) -> str:
    text = describe_condition(condition, ui)
    return f"({text})" if isinstance(condition, AllOf | AnyOf) else text


def template_yaml(checklist: Checklist, ui: UiText) -> str:
    """A complete answers file as commented YAML; every value left empty (or at its default)."""
    header = ui.template_header.format(checklist=checklist.id, version=checklist.version)
    lines = _comment(header)
    for section in checklist.sections:
        lines += ["", *_comment(f"--- {section.title} ---")]
        for question in section.questions:
            lines += _question_lines(question, ui)
    return "\n".join(lines) + "\n"


def _question_lines(question: Question, ui: UiText) -> list[str]:
    required = ui.template_required if question.required else ui.template_optional
    kind = ui.template_question_line.format(type=question.type, required=required, allowed=allowed_text(question))
    lines = ["", *_comment(question.prompt), *_comment(kind)]
    if question.when is not None:
        lines += _comment(ui.template_asked_when.format(condition=describe_condition(question.when, ui)))
    default = question.default
    value = " [" + ", ".join(default) + "]" if isinstance(default, list) else ("" if default is None else f" {default}")
    return [*lines, f"{question.id}:{value}"]


def _comment(text: str) -> list[str]:
    """Text as YAML comment lines: a pack's prompt written over two lines must not become a key of the file."""
    return [f"# {line}" for line in text.splitlines() or [""]]


def template_data(checklist: Checklist, ui: UiText) -> dict[str, Any]:
    """The same template as data, enough for a script to write valid answers from it alone.

    Per question: `choices` (the option values; any of them for a single choice, a list of
    them for a multiple choice), `special` (values such as `dont-know` that are answered
    alone), `exclusive` (options that cannot be combined with others), `min`/`max`, and
    `when` twice: in words, and as the condition's data (`condition`, as in the content).
    """
    questions = []
    for section in checklist.sections:
        for question in section.questions:
            entry: dict[str, Any] = {
                "id": question.id,
                "section": section.id,
                "type": question.type,
                "prompt": question.prompt,
                "required": question.required,
                "when": describe_condition(question.when, ui) if question.when is not None else None,
                "condition": _condition_data(question.when),
                "special": special_values(question),
            }
            if question.type in ("single", "multiple", "yesno"):
                entry["choices"] = [value for value in choice_values(question) if value not in entry["special"]]
                entry["exclusive"] = [option.value for option in question.options or [] if option.exclusive]
            if question.type in ("number", "scale"):
                entry["min"], entry["max"] = question.min, question.max
            if question.type == "text":
                entry["max_length"] = question.max_length
            if question.default is not None:
                entry["default"] = question.default
            questions.append(entry)
    return {"checklist": checklist.id, "content_version": checklist.version, "questions": questions}


def _condition_data(condition: Condition | None) -> Any:
    """A condition as the content writes it (`{question, in: [...]}`, `{all: [...]}`), or None."""
    if condition is None:
        return None
    return condition.model_dump(mode="json", by_alias=True, exclude_none=True)
