"""Browsing and checking content: recommendations, and content validate / schema / init / show."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from famsupport_cli.app import ContentOption, LangOption, ListFormat, app, load_content, resolve_language, user_errors
from famsupport_cli.errors import ExitCode
from famsupport_cli.messages import Text

content_app = typer.Typer(
    help="Check, describe and start content packs (the YAML behind every question and recommendation).", no_args_is_help=True
)
app.add_typer(content_app, name="content")


class BrowseFormat(StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"


class SchemaKind(StrEnum):
    checklist = "checklist"
    recommendations = "recommendations"
    sources = "sources"
    ui = "ui"
    vignette = "vignette"
    training = "training"
    messages = "messages"


def show_markdown(text: str, output_format: BrowseFormat) -> None:
    """Markdown as is when asked for or piped; nicely rendered on a terminal."""
    if output_format is BrowseFormat.markdown or not sys.stdout.isatty():
        sys.stdout.write(text)
        return
    from rich.markdown import Markdown

    from famsupport_cli.io.display import out_console

    out_console().print(Markdown(text))


@app.command()
def recommendations(
    level: Annotated[str | None, typer.Option("--level", "-l", metavar="LEVEL", help="personal, organisational or macro.")] = None,
    output_format: Annotated[BrowseFormat, typer.Option("--format", "-f", help="terminal, markdown or json.")] = BrowseFormat.terminal,
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Browse the trust-building recommendations (personal, organisational, macro level).

    Example: famsupport recommendations --level organisational
    """
    with user_errors():
        from famsupport_cli.core import catalogue

        bundle = load_content(content, lang)
        chosen = catalogue.select(bundle, level)
        if output_format is BrowseFormat.json:
            sys.stdout.write(catalogue.to_json(bundle, chosen))
        else:
            show_markdown(catalogue.to_markdown(bundle, chosen), output_format)


@content_app.command("validate")
def content_validate(
    folder: Annotated[
        Path | None, typer.Argument(help="A content pack to check, laid over the shipped content. Default: the shipped content.")
    ] = None,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", help="text or json.")] = ListFormat.text,
    lang: Annotated[str | None, typer.Option("--lang", help="Check only this translation. Default: every language found.")] = None,
) -> None:
    """Check content: schema, ids, conditions, sources, reachability and translations. Exit 2 on errors.

    Example: famsupport content validate ./our-pack
    """
    with user_errors():
        import json

        from famsupport_cli.content.loader import available_languages, check_content
        from famsupport_cli.content.messages_file import check_messages
        from famsupport_cli.content.vignettes import check_training_content

        languages = [resolve_language(lang, folder)] if lang else available_languages(folder)
        problems = []
        for language in dict.fromkeys(["en", *languages]):
            bundle, found = check_content(folder, language=language)
            found += check_training_content(bundle, folder) if bundle is not None else []
            found += check_messages(language)
            problems += [p for p in found if p not in problems]
        errors = [p for p in problems if p.severity == "error"]
        where = str(folder) if folder else str(Text("shipped_content"))
        if output_format is ListFormat.json:
            data = {
                "folder": where,
                "languages": languages,
                "errors": len(errors),
                "warnings": len(problems) - len(errors),
                "problems": [problem._asdict() for problem in problems],
            }
            sys.stdout.write(json.dumps(data, indent=2) + "\n")
        else:
            for problem in problems:
                error = problem.severity == "error"
                typer.echo(str(Text("validate_error", problem=problem) if error else Text("validate_warning", problem=problem)))
            warnings = len(problems) - len(errors)
            typer.echo(str(Text("validate_summary", where=where, errors=len(errors), warnings=warnings, languages=", ".join(languages))))
        if errors:
            raise typer.Exit(int(ExitCode.INVALID_INPUT))


@content_app.command("schema")
def content_schema(
    kind: Annotated[
        SchemaKind, typer.Argument(help="Which file kind: checklist, recommendations, sources, ui, vignette, training or messages.")
    ] = SchemaKind.checklist,
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Print the JSON Schema of a content file kind, generated from the models (for editors).

    Example: famsupport content schema checklist > checklist.schema.json
    """
    with user_errors():
        from famsupport_cli.content.schema import schema_text

        resolve_language(lang, content)  # the language of its messages; the schema is the same in every language

        sys.stdout.write(schema_text(kind.value))


@content_app.command("init")
def content_init(
    folder: Annotated[Path, typer.Argument(help="Where to create the pack (a new or empty folder).")],
    force: Annotated[bool, typer.Option("--force", help="Write into a folder that is not empty (existing files are replaced).")] = False,
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Start an organisation's content pack: a small, commented example to adapt.

    Example: famsupport content init ./our-pack && famsupport decide --content ./our-pack
    """
    with user_errors():
        from famsupport_cli.io.packs import init_pack

        resolve_language(lang, content)
        written = init_pack(folder, force=force)
        for path in written:
            typer.echo(str(path))
        typer.echo(str(Text("check_new_pack", folder=folder)), err=True)


@content_app.command("show")
def content_show(
    what: Annotated[str, typer.Argument(help="decide, reflect (or another checklist) or recommendations.")],
    output_format: Annotated[BrowseFormat, typer.Option("--format", "-f", help="terminal or markdown.")] = BrowseFormat.terminal,
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Print a checklist as a readable, printable handout (for a training or a team meeting).

    Example: famsupport content show decide --format markdown > decide-handout.md
    """
    with user_errors():
        from famsupport_cli.core import catalogue, handout

        bundle = load_content(content, lang)
        if what == "recommendations":
            text = catalogue.to_markdown(bundle, catalogue.select(bundle, None))
        else:
            text = handout.checklist_markdown(bundle, bundle.checklist(what))
        show_markdown(text, BrowseFormat.markdown if output_format is BrowseFormat.json else output_format)
