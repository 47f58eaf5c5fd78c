"""Answers files (YAML or JSON, question id -> value), checked like typed answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from famsupport_cli.content import yamlfile
from famsupport_cli.content.models import Checklist
from famsupport_cli.core.answers import AnswerProblem, allowed_text, coerce
from famsupport_cli.core.conditions import AnswerValue
from famsupport_cli.errors import invalid_input
from famsupport_cli.messages import Text


class AnswerIssue(NamedTuple):
    """One thing wrong with an answers file, said for people."""

    question_id: str
    message: str | Text
    allowed: str | Text | None = None
    line: int | None = None

    def describe(self, file: str) -> Text:
        where = f"{file}:{self.line}" if self.line else file
        allowed = Text("issue_allowed", allowed=self.allowed) if self.allowed else ""
        return Text("issue_line", where=where, question=self.question_id, problem=self.message, allowed=allowed)


class Presets:
    """The answers read from a file, the problems found in it, and where each key stands (for messages)."""

    # A plain class, not a dataclass: defining a dataclass costs every run about 0.5 ms.
    def __init__(self) -> None:
        self.answers: dict[str, AnswerValue] = {}
        self.issues: list[AnswerIssue] = []
        self.lines: dict[str, int] = {}


def parse_answers_text(text: str, name: str) -> tuple[Any, yamlfile.Document | None]:
    """The raw mapping of an answers file; JSON files keep JSON's own rules."""
    if name.endswith(".json") or text.lstrip().startswith("{"):
        import json  # most answers files are YAML: json stays off the import path of a run

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


def read_presets(text: str, name: str, checklist: Checklist) -> Presets:
    """Check every answer in the file against its question; collect all issues at once."""
    data, document = parse_answers_text(text, name)
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
            presets.issues.append(AnswerIssue(str(key), problem, line=line))
            continue
        if raw is None:
            continue  # left empty, as in a fresh template
        try:
            value = coerce(question, raw)
        except AnswerProblem as problem:
            presets.issues.append(AnswerIssue(question.id, problem.text, problem.allowed, line))
            continue
        if value is not None:
            presets.answers[question.id] = value
        elif question.required:
            presets.issues.append(AnswerIssue(question.id, Text("answer_empty"), allowed_text(question), line))
    return presets
