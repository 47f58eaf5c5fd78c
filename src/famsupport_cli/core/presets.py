"""Answers files (YAML or JSON, question id -> value), checked like typed answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from famsupport_cli.content import yamlfile
from famsupport_cli.content.models import Checklist
from famsupport_cli.core.answers import AnswerProblem, allowed_text, coerce
from famsupport_cli.core.conditions import AnswerValue
from famsupport_cli.errors import invalid_input


class AnswerIssue(NamedTuple):
    """One thing wrong with an answers file, said for people."""

    question_id: str
    message: str
    allowed: str | None = None
    line: int | None = None

    def describe(self, file: str) -> str:
        where = f"{file}:{self.line}" if self.line else file
        allowed = f" Allowed: {self.allowed}." if self.allowed else ""
        return f"{where}: {self.question_id}: {self.message}.{allowed}"


@dataclass
class Presets:
    answers: dict[str, AnswerValue] = field(default_factory=dict)
    issues: list[AnswerIssue] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # where each key stands, for messages


def parse_answers_text(text: str, name: str) -> tuple[Any, yamlfile.Document | None]:
    """The raw mapping of an answers file; JSON files keep JSON's own rules."""
    if name.endswith(".json") or text.lstrip().startswith("{"):
        import json  # most answers files are YAML: json stays off the import path of a run

        try:
            return json.loads(text, object_pairs_hook=_unique_keys), None
        except json.JSONDecodeError as error:
            raise invalid_input(f"{name}:{error.lineno}:{error.colno}: this is not valid JSON: {error.msg}.") from None
        except RecursionError:
            raise invalid_input(f"{name}: the JSON is nested too deeply to read.") from None
        except ValueError as error:  # e.g. a number with thousands of digits
            raise invalid_input(f"{name}: a value cannot be read ({error}).") from None
    document = yamlfile.parse(text, name)
    return document.data, document


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON objects with a repeated key are refused: the last value would silently win."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise ValueError(f"the key '{key}' appears twice")
        data[key] = value
    return data


def read_presets(text: str, name: str, checklist: Checklist) -> Presets:
    """Check every answer in the file against its question; collect all issues at once."""
    data, document = parse_answers_text(text, name)
    if data is None:
        return Presets()
    if not isinstance(data, Mapping):
        raise invalid_input(
            f"{name}: an answers file maps question ids to answers, e.g. `preferred_format: hybrid`.",
            hint=f"Run `famsupport template {checklist.id}` for a complete file to fill in.",
        )
    questions = {question.id: question for question in checklist.questions()}
    presets = Presets()
    for key, raw in data.items():
        position = document.position((key,)) if document else None
        line = position.line if position else None
        question = questions.get(str(key))
        if line is not None:
            presets.lines[str(key)] = line
        if question is None:
            close = [qid for qid in questions if str(key).lower().replace("-", "_") == qid or qid.startswith(str(key)[:6])]
            hint = f" (did you mean {close[0]}?)" if close else ""
            presets.issues.append(AnswerIssue(str(key), f"there is no such question in the {checklist.id} checklist{hint}", line=line))
            continue
        if raw is None:
            continue  # left empty, as in a fresh template
        try:
            value = coerce(question, raw)
        except AnswerProblem as problem:
            presets.issues.append(AnswerIssue(question.id, problem.message, problem.allowed, line))
            continue
        if value is not None:
            presets.answers[question.id] = value
        elif question.required:
            presets.issues.append(AnswerIssue(question.id, "the answer is empty", allowed_text(question), line))
    return presets
