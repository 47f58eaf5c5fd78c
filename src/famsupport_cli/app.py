"""The Typer application, its shared options, and the one place where failures become output.

Command modules in `famsupport_cli.commands` register on `app` when imported (famsupport_cli.cli
imports them all).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from famsupport_cli import __version__
from famsupport_cli.content.location import available_languages, locale_language
from famsupport_cli.errors import ExitCode, FamsupportError, invalid_input
from famsupport_cli.io import display
from famsupport_cli.messages import Text, use_language

if TYPE_CHECKING:
    from famsupport_cli.content.bundle import Bundle

app = typer.Typer(
    name="famsupport",
    help="Checklists for practitioners who support the families of radicalised people: "
    "[bold]decide[/bold] how to meet before a session, [bold]reflect[/bold] after it.",
    add_completion=True,  # --install-completion and --show-completion (bash, zsh, fish)
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


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextmanager
def held_stop_signals() -> Iterator[None]:
    """Hold Ctrl-C and the stop signals until the block ends; one that came meanwhile arrives then.

    For imports: a Ctrl-C in the middle of one leaves a half-imported package behind, and the
    next import of it fails with an AttributeError instead of working.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn every failure a user can cause into one message and a documented exit code."""
    try:
        with held_stop_signals():  # the words of every message need PyYAML: imported whole, before a Ctrl-C can come
            import yaml  # noqa: F401
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
        if _interrupted(unexpected):  # a library turned Ctrl-C (or a stop signal) into an error of its own
            display.note("\n" + str(Text("interrupted")))
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        display.error(FamsupportError(Text("bug", kind=type(unexpected).__name__, detail=unexpected), hint=Text("bug_hint")))
        raise typer.Exit(int(ExitCode.FAILURE)) from None


def _interrupted(problem: BaseException) -> bool:
    """Whether a KeyboardInterrupt lies behind this error (pydantic, building a model, may raise its own)."""
    seen: set[int] = set()
    cause: BaseException | None = problem
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"famsupport {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_options(
    context: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """famsupport: think a session through before it, and reflect on it after."""
    del version  # handled by its eager callback
    # Each command chooses its language (resolve_language); until then, that of the --lang on the
    # command line (the checks of dates and other values come before the command runs), else the
    # locale's. Click keeps no copy of the words after the group's own: sys.argv has them.
    use_language_of(sys.argv[1:])
    if context.invoked_subcommand is None:  # a bare `famsupport`: the overview, and success
        typer.echo(context.get_help())
        raise typer.Exit(0)


ContentOption = Annotated[
    Path | None,
    typer.Option(
        "--content", envvar="FAMSUPPORT_CONTENT", metavar="DIR", help="An organisation's content pack, laid over the shipped content."
    ),
]
LangOption = Annotated[
    str | None,
    typer.Option("--lang", metavar="LANG", help="Language: en, de or fr. Default: from LC_ALL / LANG, else English."),
]


def resolve_language(requested: str | None, pack: Path | None) -> str:
    """--lang if given (it must exist); else the locale's language if translated; else English."""
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


def use_language_of(argv: list[str]) -> None:
    """Before the command line is parsed (for Click's own errors): its --lang where that exists, else the locale's."""
    requested = next((arg.split("=", 1)[1] for arg in argv if arg.startswith("--lang=")), None)
    if requested is None and "--lang" in argv[:-1]:
        requested = argv[argv.index("--lang") + 1]
    try:
        resolve_language(requested, None)
    except FamsupportError:
        resolve_language(None, None)


def load_content(pack: Path | None, language: str | None) -> Bundle:
    """Load the content for a command, and say (once, on stderr) what is not translated."""
    # Imported here, not at the top: they bring pydantic and the content models, which `--help`
    # and `--version` never need (196 ms of a 475 ms `--help` on 2026-12-01, 100 rounds: benchmarks/run.py,
    # case "--help, content stack imported first").
    from famsupport_cli.checks.content import load_bundle
    from famsupport_cli.io.cache import cached_bundle

    code = resolve_language(language, pack)

    def build() -> Bundle:  # only when the cache cannot serve
        return load_bundle(pack, language=code)

    bundle = cached_bundle(pack, code, build)
    untranslated = [w for w in bundle.warnings if w.message.startswith("not translated")]
    if untranslated:
        display.note(str(Text("untranslated_content", count=len(untranslated), language=bundle.language)))
    return bundle


def can_prompt(no_input: bool) -> bool:
    """Prompts only for a person at a terminal, and never with --no-input."""
    return not no_input and sys.stdin.isatty() and sys.stderr.isatty()
