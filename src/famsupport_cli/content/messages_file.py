"""The model of messages.yaml (the tool's own messages) and its check for `content validate`.

Kept apart from famsupport_cli.messages, which reads the file on the error path without
pydantic: this module is for `content validate`, `content schema` and the tests.
"""

from __future__ import annotations

import string
from pathlib import Path

from pydantic import RootModel, ValidationError

from famsupport_cli.content import yamlfile
from famsupport_cli.content.bundle import Problem
from famsupport_cli.content.location import shipped_content_dir
from famsupport_cli.content.models import Identifier, Strict
from famsupport_cli.errors import FamsupportError
from famsupport_cli.messages import MESSAGES_FILE


class PluralText(Strict):
    """A message with a singular and a plural form, chosen by its {count}."""

    one: str
    other: str


class MessagesFile(RootModel[dict[Identifier, str | PluralText]]):
    """messages.yaml: message key -> text (or its plural forms), with {placeholders} the tool fills in."""


def check_messages(language: str) -> list[Problem]:
    """Errors in messages.yaml and, for another language, in its translation; untranslated messages are warnings."""
    english, problems = _read(shipped_content_dir() / MESSAGES_FILE, MESSAGES_FILE)
    if language == "en" or english is None:
        return problems
    label = f"i18n/{language}/{MESSAGES_FILE}"
    path = shipped_content_dir() / "i18n" / language / MESSAGES_FILE
    if not path.is_file():
        return [
            *problems,
            Problem(
                file=label,
                line=None,
                column=None,
                item="",
                message=f"missing: the messages are shown in English in '{language}'",
                severity="warning",
            ),
        ]
    translated, found = _read(path, label)
    problems += found
    if translated is None:
        return problems
    for key, text in translated.items():
        if key not in english:
            problems.append(Problem(file=label, line=None, column=None, item=key, message="there is no such message in messages.yaml"))
        elif isinstance(text, str) != isinstance(english[key], str):
            problems.append(
                Problem(
                    file=label,
                    line=None,
                    column=None,
                    item=key,
                    message="give the same forms as messages.yaml (a text, or `one:` and `other:`)",
                )
            )
        elif _placeholders(text) != _placeholders(english[key]):
            wanted = ", ".join("{" + name + "}" for name in sorted(_placeholders(english[key]))) or "none"
            problems.append(
                Problem(file=label, line=None, column=None, item=key, message=f"keep the placeholders of messages.yaml ({wanted})")
            )
    problems += [
        Problem(
            file=label, line=None, column=None, item=key, message=f"not translated into '{language}'; English is shown", severity="warning"
        )
        for key in english
        if key not in translated
    ]
    return problems


def _read(path: Path, label: str) -> tuple[dict[str, str | PluralText] | None, list[Problem]]:
    try:
        document = yamlfile.parse(path.read_text(encoding="utf-8"), label)
    except OSError as error:
        return None, [Problem(file=label, line=None, column=None, item="", message=f"cannot be read: {error.strerror or error}")]
    except yamlfile.YamlSyntaxError as error:
        return None, [Problem(file=label, line=error.line, column=error.column, item="", message=error.problem)]
    except FamsupportError as error:  # e.g. too large, or a repeated key
        return None, [Problem(file=label, line=None, column=None, item="", message=error.message)]
    try:
        messages = MessagesFile.model_validate(document.data).root
    except ValidationError as failure:
        problems = []
        for detail in failure.errors():
            where = document.position(tuple(detail["loc"])[:1])
            item = str(detail["loc"][0]) if detail["loc"] else ""
            problems.append(
                Problem(
                    file=label, line=where.line if where else None, column=where.column if where else None, item=item, message=detail["msg"]
                )
            )
        return None, problems
    problems = [
        Problem(
            file=label,
            line=None,
            column=None,
            item=key,
            message=f"a placeholder is broken: {problem} (write {{{{ and }}}} for literal braces)",
        )
        for key, text in messages.items()
        if (problem := _broken(text)) is not None
    ]
    return (None if problems else messages), problems


def _texts(text: str | PluralText) -> list[str]:
    return [text] if isinstance(text, str) else [text.one, text.other]


def _placeholders(text: str | PluralText) -> set[str]:
    return {name for part in _texts(text) for _, name, _, _ in string.Formatter().parse(part) if name}


def _broken(text: str | PluralText) -> str | None:
    try:
        _placeholders(text)
    except ValueError as error:
        return str(error)
    return None
