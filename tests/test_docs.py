"""Documentation gate: every command registered on the Typer app has help text and is in README.md.

The command tree is read from the app itself (typer.main.get_command), so a new command or
sub-command fails this test until it is described in its docstring and in the README, as
`famsupport NAME` (sub-commands in full: `famsupport content validate`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main

from famsupport_cli.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(path, command) for every visible command and group under `group`, depth first."""
    for name, command in sorted(getattr(group, "commands", {}).items()):
        if getattr(command, "hidden", False):
            continue  # hidden commands are internal by definition
        path = (*prefix, name)
        yield path, command
        yield from _commands(command, path)


ROOT = typer.main.get_command(app)
COMMANDS = list(_commands(ROOT))


def _name(path: tuple[str, ...]) -> str:
    return "famsupport " + " ".join(path)


def _help_text(command: Any) -> str:
    return (command.help or command.short_help or "").strip()


def test_the_app_has_commands() -> None:
    names = {path for path, _ in COMMANDS}
    assert {("decide",), ("reflect",), ("template",), ("recommendations",), ("content",), ("content", "validate")} <= names


def test_the_app_itself_has_help() -> None:
    assert _help_text(ROOT)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[_name(path) for path, _ in COMMANDS])
def test_command_has_help_text(path: tuple[str, ...], command: Any) -> None:
    text = _help_text(command)
    assert text, f"`{_name(path)}` has no help text: give it a docstring (or help=... for a group)"
    assert len(text.split()) >= 3, f"`{_name(path)}` help is too short to say what it does: {text!r}"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[_name(path) for path, _ in COMMANDS])
def test_command_options_and_arguments_have_help(path: tuple[str, ...], command: Any) -> None:
    missing = [param.name for param in command.params if not (getattr(param, "help", None) or "").strip()]
    assert not missing, f"`{_name(path)}`: no help for {missing}"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[_name(path) for path, _ in COMMANDS])
def test_command_is_in_the_readme(path: tuple[str, ...], command: Any) -> None:
    readme = README.read_text(encoding="utf-8")
    # The full name, not followed by more of a word: `famsupport content` does not count for `famsupport contents`.
    pattern = re.escape(_name(path)).replace(r"\ ", r"\s+") + r"(?![\w-])"
    assert re.search(pattern, readme), f"README.md does not mention `{_name(path)}`; describe it (e.g. in the Commands table)"


def test_every_command_help_screen_works() -> None:
    """`famsupport ... --help` renders for every command without loading content or failing."""
    from typer.testing import CliRunner

    runner = CliRunner()
    for path, _ in COMMANDS:
        result = runner.invoke(app, [*path, "--help"], catch_exceptions=False)
        assert result.exit_code == 0, (_name(path), result.output)
        assert "Usage" in result.output, (_name(path), result.output)
