"""Answers templates: every question id with its type and allowed values, to fill in."""

from __future__ import annotations

from typing import Any

from famsupport_cli.content.models import AllOf, AnyOf, Checklist, Condition, NotOf, Question, QuestionRef, choice_values, special_values
from famsupport_cli.content.ui import UiText
from famsupport_cli.core.answers import allowed_text


def describe_condition(condition: Condition) -> str:
    """A condition in words, e.g. `shares_household is yes and device in (own, shared)`."""
    if isinstance(condition, AllOf):
        return " and ".join(_grouped(part) for part in condition.all)
    if isinstance(condition, AnyOf):
        return " or ".join(_grouped(part) for part in condition.any)
    if isinstance(condition, NotOf):
        return f"not {_grouped(condition.not_)}"
    test = condition
    for name, word in (("gte", ">="), ("lte", "<="), ("gt", ">"), ("lt", "<")):
        bound = getattr(test, name)
        if bound is not None:
            shown = bound.question if isinstance(bound, QuestionRef) else bound
            return f"{test.question} {word} {shown}"
    if test.equals is not None:
        return f"{test.question} is {test.equals}"
    if test.in_ is not None:
        return f"{test.question} is one of ({', '.join(map(str, test.in_))})"
    if test.includes is not None:
        return f"{test.question} includes {test.includes}"
    if test.includes_any is not None:
        return f"{test.question} includes any of ({', '.join(test.includes_any)})"
    return f"{test.question} is {'answered' if test.answered else 'not answered'}"


def _grouped(condition: Condition) -> str:
    text = describe_condition(condition)
    return f"({text})" if isinstance(condition, AllOf | AnyOf) else text


def template_yaml(checklist: Checklist, ui: UiText) -> str:
    """A complete answers file as commented YAML; every value left empty (or at its default)."""
    header = ui.template_header.format(checklist=checklist.id, version=checklist.version)
    lines = [f"# {line}" for line in header.splitlines()]
    for section in checklist.sections:
        lines += ["", f"# --- {section.title} ---"]
        for question in section.questions:
            lines += _question_lines(question)
    return "\n".join(lines) + "\n"


def _question_lines(question: Question) -> list[str]:
    required = "required" if question.required else "optional"
    lines = ["", f"# {question.prompt}", f"# type: {question.type}, {required}; {allowed_text(question)}"]
    if question.when is not None:
        lines.append(f"# asked only when: {describe_condition(question.when)}")
    default = question.default
    value = " [" + ", ".join(default) + "]" if isinstance(default, list) else ("" if default is None else f" {default}")
    return [*lines, f"{question.id}:{value}"]


def template_data(checklist: Checklist) -> dict[str, Any]:
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
                "when": describe_condition(question.when) if question.when is not None else None,
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
