"""Shared fixtures: a private famsupport folder per test, the shipped content, and a CLI runner.

Every test runs with FAMSUPPORT_HOME pointing at its own temporary folder, so no test
can write into the real famsupport folder, and without the environment variables that
change content, dates or colours.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import typer.testing
import yaml
from typer.testing import Result

# Plain, wide output from typer/rich so that messages are not wrapped or coloured.
os.environ["_TYPER_FORCE_DISABLE_TERMINAL"] = "1"
os.environ["TERMINAL_WIDTH"] = "200"
os.environ["COLUMNS"] = "200"

from famsupport_cli.checks.content import load_bundle
from famsupport_cli.cli import app
from famsupport_cli.content.loader import Bundle
from famsupport_cli.messages import use_language

RunCli = Callable[..., Result]
WriteAnswers = Callable[..., Path]


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("famsupport-home")
    monkeypatch.setenv("FAMSUPPORT_HOME", str(home))
    for name in ("FAMSUPPORT_CONTENT", "SOURCE_DATE_EPOCH", "FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR", "FAMSUPPORT_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    use_language(None)  # a command run in process sets the message language; no test inherits another's
    yield home
    use_language(None)


@pytest.fixture
def famsupport_home(_isolated_env: Path) -> Path:
    """The FAMSUPPORT_HOME of this test."""
    return _isolated_env


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    """The shipped content, loaded and checked."""
    return load_bundle()


@pytest.fixture
def runner() -> typer.testing.CliRunner:
    return typer.testing.CliRunner()


@pytest.fixture
def run(runner: typer.testing.CliRunner, monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """Invoke `famsupport ARGS...` in-process; sys.argv is set as the real console script would see it.

    Exceptions are not swallowed: an uncaught exception (a traceback for the user) fails the test.
    """

    def invoke(*args: str | Path, env: Mapping[str, str] | None = None, input: str | None = None) -> Result:
        argv = [str(arg) for arg in args]
        monkeypatch.setattr(sys, "argv", ["famsupport", *argv])
        result = runner.invoke(app, argv, env=env, input=input, catch_exceptions=False)
        assert "Traceback" not in result.output, result.output
        return result

    return invoke


@pytest.fixture
def write_answers(tmp_path: Path) -> WriteAnswers:
    """Write an answers file (YAML by default, JSON for a .json name) and return its path."""
    counter = iter(range(1, 10_000))

    def write(answers: Mapping[str, Any] | str, name: str | None = None) -> Path:
        path = tmp_path / (name or f"answers-{next(counter)}.yaml")
        if isinstance(answers, str):
            text = answers
        elif path.suffix == ".json":
            text = json.dumps(dict(answers), indent=2)
        else:
            text = yaml.safe_dump(dict(answers), sort_keys=False, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write
