"""Answers files (YAML or JSON, question id -> value), checked like typed answers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from famsupport_cli.content import yamlfile
from famsupport_cli.content.models import Checklist
from famsupport_cli.core.answers import AnswerProblem, allowed_text, coerce
from famsupport_cli.core.conditions import AnswerValue
from famsupport_cli.errors import invalid_input
from famsupport_cli.messages import Text


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerIssue:
    """One thing wrong with an answers file, said for people."""

    question_id: str
    message: str | Text
    allowed: str | Text | None = None
    line: int | None = None

    def describe(self, file: str) -> Text:
        where = f"{file}:{self.line}" if self.line else file
        allowed = Text("issue_allowed", allowed=self.allowed) if self.allowed else ""
        return Text("issue_line", where=where, question=self.question_id, problem=self.message, allowed=allowed)


@dataclass(slots=True, kw_only=True)
class Presets:
    """The answers read from a file, the problems found in it, and where each key stands (for messages)."""

    answers: dict[str, AnswerValue] = field(default_factory=dict)
    issues: list[AnswerIssue] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)


def parse_answers_text(text: str, name: str) -> tuple[Any, yamlfile.Document | None]:
    """The raw mapping of an answers file; JSON files keep JSON's own rules."""
    if name.endswith(".json") or text.lstrip().startswith("{"):
        try:
            return json.loads(text, object_pairs_hook=_unique_keys), None
        except json.JSONDecodeError as error:
            raise invalid_input(Text("invalid_json", file=name, line=error.lineno, column=error.colno, problem=error.msg)) from None
        except RecursionError:
            raise invalid_input(Text("json_too_deep", file=name)) from None
        except ValueError as error:  # e.g. a number with thousands of digits
            raise invalid_input(Text("value_unreadable", file=name, problem=error)) from None
    document = yamlfile.parse(text, name)
    return document.data, document


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON objects with a repeated key are refused: the last value would silently win."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise ValueError(Text("json_key_twice", key=key))  # str(error) says it in the language of the moment
        data[key] = value
    return data


def read_answers_text(text: str, name: str, checklist: Checklist) -> Presets:
    """An answers file's text, parsed and checked (read_presets)."""
    data, document = parse_answers_text(text, name)
    return read_presets(data, name, checklist, document)


def read_presets(data: object, name: str, checklist: Checklist, document: yamlfile.Document | None = None) -> Presets:
    """Check every answer in a mapping against its question; collect all issues at once.

    `data` is what an answers file holds (or a draft, or a vignette's reference answers); `document`,
    if the mapping came from YAML, gives the line of each key for messages.
    """
    if data is None:
        return Presets()
    if not isinstance(data, Mapping):
        raise invalid_input(Text("answers_not_a_mapping", file=name), hint=Text("answers_template_hint", checklist=checklist.id))
    questions = checklist.question_index
    presets = Presets()
    for key, raw in data.items():
        position = document.position((key,)) if document else None
        line = position.line if position else None
        question = questions.get(str(key))
        if line is not None:
            presets.lines[str(key)] = line
        if question is None:
            close = [qid for qid in questions if str(key).lower().replace("-", "_") == qid or qid.startswith(str(key)[:6])]
            suggestion = Text("did_you_mean", question=close[0]) if close else ""
            problem = Text("no_such_question", checklist=checklist.id, suggestion=suggestion)
            presets.issues.append(AnswerIssue(question_id=str(key), message=problem, line=line))
            continue
        if raw is None:
            continue  # left empty, as in a fresh template
        try:
            value = coerce(question, raw)
        except AnswerProblem as problem:
            presets.issues.append(AnswerIssue(question_id=question.id, message=problem.text, allowed=problem.allowed, line=line))
            continue
        if value is not None:
            presets.answers[question.id] = value
        elif question.required:
            presets.issues.append(
                AnswerIssue(question_id=question.id, message=Text("answer_empty"), allowed=allowed_text(question), line=line)
            )
    return presets
