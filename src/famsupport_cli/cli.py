"""The command line's entry point: the Typer app with every command module registered."""

from __future__ import annotations

import sys

from famsupport_cli.app import app
from famsupport_cli.commands import checklists, content, journal, training  # noqa: F401  (registers the commands)
from famsupport_cli.errors import ExitCode

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:  # outside any command, e.g. while Python is still importing
        sys.stderr.write("\nInterrupted: nothing was written.\n")
        sys.exit(int(ExitCode.INTERRUPTED))
