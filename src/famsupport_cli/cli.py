"""The command line: parse, call, render. Nothing here decides anything.

Only typer and the standard library are imported at module level, so that
`famsupport --help` stays fast; each command imports what it needs.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from famsupport_cli import __version__
from famsupport_cli.errors import ExitCode, FamsupportError

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


class TemplateFormat(StrEnum):
    yaml = "yaml"
    json = "json"


class BrowseFormat(StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"


@contextmanager
def user_errors() -> Iterator[None]:
    """The one place where failures become output and exit codes."""
    from famsupport_cli.io import display

    try:
        yield
    except FamsupportError as problem:
        display.error(problem)
        raise typer.Exit(int(problem.exit_code)) from None
    except KeyboardInterrupt:
        display.note("\nInterrupted: nothing was written.")
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as unexpected:  # a bug: say so plainly, never a traceback
        if os.environ.get("FAMSUPPORT_DEBUG"):
            raise
        display.error(
            FamsupportError(
                f"Something went wrong inside famsupport ({type(unexpected).__name__}: {unexpected}). Nothing was written.",
                hint="This is a bug. Run again with FAMSUPPORT_DEBUG=1 to see the details, and report them.",
            )
        )
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


AnswersOption = Annotated[
    Path | None,
    typer.Option(
        "--answers", "-a", help="YAML or JSON file of answers (question id: value). On a terminal only the missing questions are asked."
    ),
]
NoInputOption = Annotated[bool, typer.Option("--no-input", help="Never prompt: report every missing or invalid answer and exit 2.")]
OutputOption = Annotated[
    str | None, typer.Option("--output", "-o", help="Write the summary to this file, or - for stdout. Default: your famsupport folder.")
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="markdown or json.")]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
PlainOption = Annotated[bool, typer.Option("--plain", help="Numbered line-by-line prompts (for screen readers).")]
ContentOption = Annotated[
    Path | None, typer.Option("--content", envvar="FAMSUPPORT_CONTENT", help="Use this content folder instead of the shipped one.")
]
DateOption = Annotated[
    str | None, typer.Option("--date", help="Date to record (ISO 8601), for reproducible summaries. Default: now, or SOURCE_DATE_EPOCH.")
]


def _can_prompt(no_input: bool) -> bool:
    return not no_input and sys.stdin.isatty() and sys.stderr.isatty()


def _run(
    checklist_id: str,
    *,
    answers: Path | None,
    no_input: bool,
    output: str | None,
    output_format: OutputFormat,
    force: bool,
    plain: bool,
    content: Path | None,
    date: str | None,
    after: Path | None = None,
) -> None:
    from famsupport_cli.io import display
    from famsupport_cli.runner import RunOptions, run_checklist

    interactive = _can_prompt(no_input)
    options = RunOptions(
        checklist_id,
        answers,
        interactive,
        plain,
        output,
        output_format.value,
        force,
        content,
        date,
        after,
        command="famsupport " + shlex.join(sys.argv[1:]),
    )
    report = run_checklist(options)
    for text in report.notes:
        display.note(f"Note: {text}")
    if interactive:
        display.result(report.result, report.bundle)
    if options.output == "-":
        sys.stdout.write(report.text)
    elif report.saved_to is not None:
        display.note(report.bundle.ui.saved_to.format(path=report.saved_to))
        typer.echo(str(report.saved_to))


@app.command()
def decide(
    answers: AnswersOption = None,
    no_input: NoInputOption = False,
    output: OutputOption = None,
    output_format: FormatOption = OutputFormat.markdown,
    force: ForceOption = False,
    plain: PlainOption = False,
    content: ContentOption = None,
    date: DateOption = None,
) -> None:
    """Before a session: in person, hybrid or online? Walks the go-digital checklist and writes a summary.

    Example: famsupport decide --answers answers.yaml --no-input --output -
    """
    with user_errors():
        _run(
            "decide",
            answers=answers,
            no_input=no_input,
            output=output,
            output_format=output_format,
            force=force,
            plain=plain,
            content=content,
            date=date,
        )


@app.command()
def reflect(
    answers: AnswersOption = None,
    no_input: NoInputOption = False,
    output: OutputOption = None,
    output_format: FormatOption = OutputFormat.markdown,
    force: ForceOption = False,
    plain: PlainOption = False,
    content: ContentOption = None,
    date: DateOption = None,
    after: Annotated[
        Path | None, typer.Option("--after", help="The decide summary of the same session; adds the prompts on what the format did.")
    ] = None,
) -> None:
    """After a session: unconscious-bias self-reflection and the trust-building recommendations that fit.

    Example: famsupport reflect --after ~/decide-summary.md
    """
    with user_errors():
        _run(
            "reflect",
            answers=answers,
            no_input=no_input,
            output=output,
            output_format=output_format,
            force=force,
            plain=plain,
            content=content,
            date=date,
            after=after,
        )


@app.command()
def template(
    checklist: Annotated[str, typer.Argument(help="decide or reflect (or a checklist from your content pack).")],
    output_format: Annotated[
        TemplateFormat, typer.Option("--format", "-f", help="yaml (commented, to fill in) or json.")
    ] = TemplateFormat.yaml,
    content: ContentOption = None,
) -> None:
    """Print a complete answers file to fill in: every question id, its type and allowed values.

    Example: famsupport template decide > answers.yaml
    """
    with user_errors():
        import json

        from famsupport_cli.content.loader import load_bundle
        from famsupport_cli.core.template import template_data, template_yaml

        found = load_bundle(content).checklist(checklist)
        if output_format is TemplateFormat.json:
            sys.stdout.write(json.dumps(template_data(found), indent=2, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(template_yaml(found))


@app.command()
def recommendations(
    level: Annotated[str | None, typer.Option("--level", "-l", help="personal, organisational or macro.")] = None,
    output_format: Annotated[BrowseFormat, typer.Option("--format", "-f", help="terminal, markdown or json.")] = BrowseFormat.terminal,
    content: ContentOption = None,
) -> None:
    """Browse the trust-building recommendations (personal, organisational, macro level).

    Example: famsupport recommendations --level organisational
    """
    with user_errors():
        from famsupport_cli.content.loader import load_bundle
        from famsupport_cli.core import catalogue

        bundle = load_bundle(content)
        chosen = catalogue.select(bundle, level)
        if output_format is BrowseFormat.json:
            sys.stdout.write(catalogue.to_json(bundle, chosen))
        elif output_format is BrowseFormat.markdown or not sys.stdout.isatty():
            sys.stdout.write(catalogue.to_markdown(bundle, chosen))
        else:
            from rich.markdown import Markdown

            from famsupport_cli.io.display import out_console

            out_console().print(Markdown(catalogue.to_markdown(bundle, chosen)))


content_app = typer.Typer(
    help="Check and describe content folders (the YAML behind every question and recommendation).", no_args_is_help=True
)
app.add_typer(content_app, name="content")


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


class SchemaKind(StrEnum):
    checklist = "checklist"
    recommendations = "recommendations"
    sources = "sources"
    ui = "ui"


@content_app.command("validate")
def content_validate(
    folder: Annotated[Path | None, typer.Argument(help="The content folder to check. Default: the shipped content.")] = None,
    output_format: Annotated[ReportFormat, typer.Option("--format", "-f", help="text or json.")] = ReportFormat.text,
) -> None:
    """Check a content folder: schema, ids, conditions, sources and reachability. Exit 2 if there are errors.

    Example: famsupport content validate ./our-pack
    """
    with user_errors():
        import json

        from famsupport_cli.content.loader import check_content, shipped_content_dir

        root = folder or shipped_content_dir()
        _, problems = check_content(root)
        errors = [p for p in problems if p.severity == "error"]
        if output_format is ReportFormat.json:
            data = {
                "folder": str(root),
                "errors": len(errors),
                "warnings": len(problems) - len(errors),
                "problems": [problem.__dict__ for problem in problems],
            }
            sys.stdout.write(json.dumps(data, indent=2) + "\n")
        else:
            for problem in problems:
                typer.echo(f"{problem.severity}: {problem}")
            typer.echo(f"{root}: {len(errors)} error(s), {len(problems) - len(errors)} warning(s).")
        if errors:
            raise typer.Exit(int(ExitCode.INVALID_INPUT))


@content_app.command("schema")
def content_schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which file kind: checklist, recommendations, sources or ui.")] = SchemaKind.checklist,
) -> None:
    """Print the JSON Schema of a content file kind, generated from the models (for editors).

    Example: famsupport content schema checklist > checklist.schema.json
    """
    with user_errors():
        from famsupport_cli.content.schema import schema_text

        sys.stdout.write(schema_text(kind.value))


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:  # outside any command, e.g. while Python is still importing
        sys.stderr.write("\nInterrupted: nothing was written.\n")
        sys.exit(int(ExitCode.INTERRUPTED))
