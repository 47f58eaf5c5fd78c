"""The model of messages.yaml (the tool's own messages) and its check for `content validate`.

Kept apart from famsupport_cli.messages, which reads the file on the error path without
pydantic: this module is for `content validate`, `content schema` and the tests. Each entry
is checked by `messages.entry_problems`, the one check of all three catalogues.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import RootModel, ValidationError

from famsupport_cli.content import yamlfile
from famsupport_cli.content.bundle import Problem
from famsupport_cli.content.location import shipped_content_dir
from famsupport_cli.content.models import Identifier
from famsupport_cli.errors import FamsupportError
from famsupport_cli.messages import MESSAGES_FILE, Entry, Plural, entry_problems


class MessagesFile(RootModel[dict[Identifier, str | Plural]]):
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
            continue
        problems += [
            Problem(file=label, line=None, column=None, item=key, message=problem) for problem in entry_problems(text, english[key])
        ]
    problems += [
        Problem(
            file=label, line=None, column=None, item=key, message=f"not translated into '{language}'; English is shown", severity="warning"
        )
        for key in english
        if key not in translated
    ]
    return problems


def _read(path: Path, label: str) -> tuple[dict[str, Entry] | None, list[Problem]]:
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
        Problem(file=label, line=None, column=None, item=key, message=problem)
        for key, text in messages.items()
        for problem in entry_problems(text, None)
    ]
    return (None if problems else messages), problems
