"""The Typer application, its shared options, and the one place where failures become output.

Command modules in `famsupport_cli.commands` register on `app`. Only typer and the
standard library are imported at module level, so `famsupport --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from famsupport_cli import __version__
from famsupport_cli.errors import ExitCode, FamsupportError
from famsupport_cli.messages import Text, use_language

if TYPE_CHECKING:
    from famsupport_cli.content.bundle import Bundle

app = typer.Typer(
    name="famsupport",
    help="Checklists for practitioners who support the families of radicalised people: "
    "[bold]decide[/bold] how to meet before a session, [bold]reflect[/bold] after it.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    markdown = "markdown"
    json = "json"


class ListFormat(StrEnum):
    """Listings and reports: a readable text (or table), or JSON for scripts."""

    text = "text"
    json = "json"


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn every failure a user can cause into one message and a documented exit code."""
    from famsupport_cli.io import display

    try:
        yield
    except FamsupportError as problem:
        display.error(problem)
        raise typer.Exit(int(problem.exit_code)) from None
    except KeyboardInterrupt as stop:
        # A walk interrupted after an answer keeps a draft (io/drafts.py DraftKept) and says how to resume.
        display.note("\n" + str(getattr(stop, "note", None) or Text("interrupted")))
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as unexpected:  # a bug: say so plainly, never a traceback
        if os.environ.get("FAMSUPPORT_DEBUG"):
            raise
        display.error(FamsupportError(Text("bug", kind=type(unexpected).__name__, detail=unexpected), hint=Text("bug_hint")))
        raise typer.Exit(int(ExitCode.FAILURE)) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"famsupport {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """famsupport: think a session through before it, and reflect on it after."""
    del version  # handled by its eager callback
    use_language(None)  # each command chooses its language (resolve_language); until then, the locale's


ContentOption = Annotated[
    Path | None,
    typer.Option("--content", envvar="FAMSUPPORT_CONTENT", help="An organisation's content pack, laid over the shipped content."),
]
LangOption = Annotated[
    str | None,
    typer.Option("--lang", help="Language: en, de or fr. Default: from LC_ALL / LANG, else English."),
]


def resolve_language(requested: str | None, pack: Path | None) -> str:
    """--lang if given (it must exist); else the locale's language if translated; else English."""
    from famsupport_cli.content.location import available_languages, locale_language
    from famsupport_cli.errors import invalid_input

    available = available_languages(pack)
    if requested:
        code = requested.lower().replace("-", "_").split("_")[0]
        if code not in available:
            raise invalid_input(
                Text("no_such_language", requested=requested), hint=Text("available_languages", languages=", ".join(available))
            )
    else:
        code = locale_language(available)
    use_language(code)
    return code


def load_content(pack: Path | None, language: str | None) -> Bundle:
    """Load the content for a command, and say (once, on stderr) what is not translated."""
    from famsupport_cli.io import display
    from famsupport_cli.io.cache import cached_bundle

    code = resolve_language(language, pack)

    def build() -> Bundle:  # only when the cache cannot serve: the loader is the heavy part
        from famsupport_cli.checks.content import load_bundle

        return load_bundle(pack, language=code)

    bundle = cached_bundle(pack, code, build)
    untranslated = [w for w in bundle.warnings if w.message.startswith("not translated")]
    if untranslated:
        display.note(str(Text("untranslated_content", count=len(untranslated), language=bundle.language)))
    return bundle


def can_prompt(no_input: bool) -> bool:
    """Prompts only for a person at a terminal, and never with --no-input."""
    return not no_input and sys.stdin.isatty() and sys.stderr.isatty()
