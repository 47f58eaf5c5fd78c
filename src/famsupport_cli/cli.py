"""The command line's entry point: the Typer app with its command modules registered.

Importing every command module and building Click commands from every Typer function costs
more than running a scripted checklist, so `main` does only what the command line asks for:
it imports the module of the one top-level command or group named on it and builds just that;
for the overview (`famsupport --help`) it builds every command's name and help without its
parameters. `from famsupport_cli.cli import app` gives the app with every command registered.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import os
import sys
from collections.abc import Iterable
from typing import Any

import click
import typer
import typer.main
from typer.models import CommandInfo, TyperInfo

from famsupport_cli import app as application
from famsupport_cli.errors import ExitCode
from famsupport_cli.messages import Text

__all__ = ["COMMAND_MODULES", "command_for", "main", "registered"]  # and `app`, see __getattr__

# The module under famsupport_cli.commands that registers each top-level command or group,
# in the order of the overview (tests/test_cli_entry.py checks it against the modules).
COMMAND_MODULES = {
    "decide": "checklists",
    "reflect": "checklists",
    "template": "checklists",
    "content": "content",
    "recommendations": "content",
    "config": "config",
    "drafts": "drafts",
    "history": "journal",
    "show": "journal",
    "wellbeing": "config",
    "training": "training",
    "batch": "batch",
    "report": "report",
}


def __getattr__(name: str) -> Any:
    if name == "app":
        return registered(COMMAND_MODULES)
    raise AttributeError(name)


def registered(names: Iterable[str]) -> typer.Typer:
    """The app with (at least) the modules of these commands imported, which registers them."""
    for module in dict.fromkeys(COMMAND_MODULES[name] for name in names if name in COMMAND_MODULES):
        importlib.import_module(f"famsupport_cli.commands.{module}")
    return application.app


def main() -> None:
    """Console-script entry point."""
    try:
        command_for(sys.argv[1:])()
    except KeyboardInterrupt:  # outside any command, e.g. while Python is still importing
        sys.stderr.write(f"\n{Text('interrupted')}\n")
        sys.exit(int(ExitCode.INTERRUPTED))


def command_for(argv: list[str]) -> click.Command:
    """The Click command for this command line, built only as far as it needs."""
    if any(name.endswith("_COMPLETE") for name in os.environ):  # shell completion needs the whole tree
        return typer.main.get_command(registered(COMMAND_MODULES))
    named = next((arg for arg in argv if not arg.startswith("-")), None)
    if named is None:
        return typer.main.get_command(_overview(registered(COMMAND_MODULES)))
    only = _only(registered([named]), named)
    # An unknown name gets the whole tree, so Click's "No such command" can suggest the right one.
    return typer.main.get_command(only if only is not None else registered(COMMAND_MODULES))


def _only(whole: typer.Typer, name: str) -> typer.Typer | None:
    """A copy of the app with just the top-level command or group called `name` (the root takes no values)."""
    commands = [info for info in whole.registered_commands if command_name(info) == name]
    groups = [info for info in whole.registered_groups if info.name == name]
    if not commands and not groups:
        return None
    pruned = copy.copy(whole)
    pruned.registered_commands, pruned.registered_groups = commands, groups
    return pruned


def _overview(whole: typer.Typer) -> typer.Typer:
    """A copy of the app whose commands keep their names and help but take no parameters."""
    pruned = copy.copy(whole)
    pruned.registered_commands = [_without_parameters(info) for info in whole.registered_commands]
    pruned.registered_groups = [_without_commands(info) for info in whole.registered_groups]
    return pruned


def _without_parameters(info: CommandInfo) -> CommandInfo:
    stub = copy.copy(info)
    stub.name = command_name(info)
    stub.help = info.help if info.help is not None else inspect.getdoc(info.callback)
    stub.callback = _no_parameters
    return stub


def _without_commands(info: TyperInfo) -> TyperInfo:
    stub = copy.copy(info)
    group = copy.copy(info.typer_instance)
    if group is not None:
        group.registered_commands, group.registered_groups = [], []
        if group.registered_callback is not None:
            callback = copy.copy(group.registered_callback)
            callback.help = callback.help if callback.help is not None else inspect.getdoc(callback.callback)
            callback.callback = _no_parameters
            group.registered_callback = callback
    stub.typer_instance = group
    return stub


def command_name(info: CommandInfo) -> str:
    return info.name or typer.main.get_command_name(getattr(info.callback, "__name__", ""))


def _no_parameters() -> None:
    """Stands in for a command in the overview, which never runs it."""
