"""The console script builds only what the command line asks for (cli.command_for).

`famsupport decide ...` imports one command module and builds one command; the overview
(`famsupport --help`) shows every command without building their parameters. These tests
check that the shortcut changes nothing a user sees: the same help, the same commands, the
same "No such command" suggestion, and a map of command modules that matches what the
modules really register.
"""

from __future__ import annotations

import click
import pytest
import typer.main
from click.testing import CliRunner

from famsupport_cli import cli

pytestmark = pytest.mark.timeout(60)


def _registered_by_module() -> dict[str, str]:
    """Each top-level command or group of the full app, and the module its callbacks live in."""
    app = cli.registered(cli.COMMAND_MODULES)
    found: dict[str, str] = {}
    for info in app.registered_commands:
        found[cli.command_name(info)] = info.callback.__module__ if info.callback else ""
    for group in app.registered_groups:
        assert group.name is not None and group.typer_instance is not None
        callbacks = [command.callback for command in group.typer_instance.registered_commands]
        modules = {callback.__module__ for callback in callbacks if callback is not None}
        assert len(modules) == 1, f"the commands of '{group.name}' come from several modules: {modules}"
        found[group.name] = modules.pop()
    return found


def test_the_map_of_command_modules_matches_what_the_modules_register() -> None:
    expected = {name: f"famsupport_cli.commands.{module}" for name, module in cli.COMMAND_MODULES.items()}
    assert _registered_by_module() == expected


def test_the_overview_is_the_same_as_the_full_help() -> None:
    runner = CliRunner()
    full = runner.invoke(typer.main.get_command(cli.app), ["--help"], terminal_width=100)
    overview = runner.invoke(cli.command_for(["--help"]), ["--help"], terminal_width=100)
    assert overview.exit_code == full.exit_code == 0
    assert overview.output == full.output
    for name in cli.COMMAND_MODULES:
        assert name in overview.output


def test_a_command_line_builds_only_its_own_command() -> None:
    command = cli.command_for(["decide", "--no-input", "--output", "-"])
    assert isinstance(command, click.Group)
    assert sorted(command.commands) == ["decide"]
    assert command.commands["decide"].params, "the decide command keeps its options"


def test_a_group_keeps_all_its_subcommands() -> None:
    command = cli.command_for(["content", "validate"])
    assert isinstance(command, click.Group)
    assert sorted(command.commands) == ["content"]
    content = command.commands["content"]
    assert isinstance(content, click.Group)
    assert {"validate", "schema", "init", "show"} <= set(content.commands)


@pytest.mark.parametrize("argv", [["decid"], ["--version"], []])
def test_unknown_names_and_options_alone_get_the_whole_app(argv: list[str]) -> None:
    command = cli.command_for(argv)
    assert isinstance(command, click.Group)
    assert set(command.commands) == set(cli.COMMAND_MODULES)


def test_a_typo_still_gets_a_suggestion() -> None:
    result = CliRunner().invoke(cli.command_for(["decid"]), ["decid"])
    assert result.exit_code == 2
    assert "Did you mean 'decide'" in result.output
