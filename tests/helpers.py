"""Small helpers shared by the tests (plain functions; the fixtures live in conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from famsupport_cli.content.models import Checklist
from famsupport_cli.core.answers import coerce
from famsupport_cli.core.conditions import AnswerValue

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"


def load_golden(name: str) -> dict[str, Any]:
    """A golden answers file as a dict (read with famsupport's own YAML rules: `yes` stays text)."""
    from famsupport_cli.content import yamlfile

    data = yamlfile.parse((GOLDEN_DIR / name).read_text(encoding="utf-8"), name).data
    assert isinstance(data, dict)
    return data


def front_matter(text: str) -> dict[str, Any]:
    """The YAML front matter of a Markdown summary."""
    assert text.startswith("---\n"), text[:80]
    block = text[4:].split("\n---\n", 1)[0]
    data = yaml.safe_load(block)
    assert isinstance(data, dict)
    return data


def md_tokens(text: str, *, tables: bool = False) -> list[Token]:
    """Every token of a CommonMark rendering, inline children included."""
    parser = MarkdownIt("commonmark")
    if tables:
        parser.enable("table")
    return list(_walk(parser.parse(text)))


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def coerced_answers(checklist: Checklist, raw: Mapping[str, Any]) -> dict[str, AnswerValue]:
    """Raw answers (as in an answers file) checked against their questions; each must be valid and non-empty."""
    answers: dict[str, AnswerValue] = {}
    for key, value in raw.items():
        coerced = coerce(checklist.question_index[key], value)
        assert coerced is not None, key
        answers[key] = coerced
    return answers
