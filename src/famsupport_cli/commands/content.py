"""Browsing and checking content: recommendations, and content validate / schema / init / show.

The content, engine and runner layers (pydantic, PyYAML) are imported inside the commands that use them:
every command module is imported for `famsupport --help`, where they would cost about 300 ms (measured).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from famsupport_cli.app import ContentOption, LangOption, ListFormat, app, load_content, resolve_language, user_errors
from famsupport_cli.errors import ExitCode
from famsupport_cli.messages import Text, use_language
from famsupport_cli.render import safe
from famsupport_cli.render.markdown import show_markdown

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


@app.command()
def recommendations(
    level: Annotated[str | None, typer.Option("--level", "-l", metavar="LEVEL", help="personal, organisational or macro.")] = None,
    output_format: Annotated[
        BrowseFormat, typer.Option("--format", "-f", metavar="FORMAT", help="terminal, markdown or json.")
    ] = BrowseFormat.terminal,
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
            sys.stdout.write(safe.json_escaped(catalogue.to_json(bundle, chosen)))
        else:
            show_markdown(catalogue.to_markdown(bundle, chosen), as_markdown=output_format is BrowseFormat.markdown)


@content_app.command("validate")
def content_validate(
    folder: Annotated[
        Path | None,
        typer.Argument(metavar="PACK", help="A content pack to check, laid over the shipped content. Default: the shipped content."),
    ] = None,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", metavar="FORMAT", help="text or json.")] = ListFormat.text,
    lang: Annotated[str | None, typer.Option("--lang", help="Check only this translation. Default: every language found.")] = None,
) -> None:
    """Check content: schema, ids, conditions, sources, reachability and translations. Exit 2 on errors.

    Example: famsupport content validate ./our-pack
    """
    with user_errors():
        from famsupport_cli.checks.content import check_content
        from famsupport_cli.checks.vignettes import check_training_content
        from famsupport_cli.content.loader import available_languages
        from famsupport_cli.content.messages_file import check_messages

        languages = [resolve_language(lang, folder)] if lang else available_languages(folder)
        # --lang names the translation to check. The findings are worded in English, for whoever
        # edits the content, and so is every line of the report: each wholly in one language.
        use_language("en")
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
                "problems": [dataclasses.asdict(problem) for problem in problems],
            }
            sys.stdout.write(safe.json_escaped(json.dumps(data, indent=2) + "\n"))
        else:
            for problem in problems:
                error = problem.severity == "error"
                shown = Text("validate_error", problem=problem) if error else Text("validate_warning", problem=problem)
                typer.echo(safe.text(shown))  # a problem may quote a line of the pack
            errors_found = Text("validate_errors", count=len(errors))
            warnings_found = Text("validate_warnings", count=len(problems) - len(errors))
            summary = Text("validate_summary", where=where, errors=errors_found, warnings=warnings_found, languages=", ".join(languages))
            typer.echo(safe.text(summary))
        if errors:
            raise typer.Exit(int(ExitCode.INVALID_INPUT))


@content_app.command("schema")
def content_schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(metavar="KIND", help="Which file kind: checklist, recommendations, sources, ui, vignette, training or messages."),
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
    folder: Annotated[Path, typer.Argument(metavar="FOLDER", help="Where to create the pack (a new or empty folder).")],
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
            typer.echo(safe.line(path))
        typer.echo(safe.text(Text("check_new_pack", folder=folder)), err=True)


@content_app.command("show")
def content_show(
    what: Annotated[str, typer.Argument(metavar="WHAT", help="decide, reflect (or another checklist) or recommendations.")],
    output_format: Annotated[
        BrowseFormat, typer.Option("--format", "-f", metavar="FORMAT", help="terminal, markdown or json (the checklist's content as data).")
    ] = BrowseFormat.terminal,
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Print a checklist as a readable, printable handout (for a training or a team meeting).

    Example: famsupport content show decide --format markdown > decide-handout.md
    """
    with user_errors():
        from famsupport_cli.core import catalogue, handout

        bundle = load_content(content, lang)
        if output_format is BrowseFormat.json:
            if what == "recommendations":
                sys.stdout.write(safe.json_escaped(catalogue.to_json(bundle, catalogue.select(bundle, None))))
            else:  # the checklist as loaded (in the chosen language), as its YAML spells it
                sys.stdout.write(safe.json_text(bundle.checklist(what).model_dump(mode="json", by_alias=True, exclude_none=True)))
            return
        if what == "recommendations":
            text = catalogue.to_markdown(bundle, catalogue.select(bundle, None))
        else:
            text = handout.checklist_markdown(bundle, bundle.checklist(what))
        show_markdown(text, as_markdown=output_format is BrowseFormat.markdown)
