"""Drafts of interrupted walks: list them (drafts), remove them (drafts clear)."""

from __future__ import annotations

from typing import Annotated

import typer

from famsupport_cli.app import ContentOption, LangOption, ListFormat, app, load_content, resolve_language, user_errors
from famsupport_cli.commands.journal import FormatOption, write_json
from famsupport_cli.messages import Text
from famsupport_cli.render import safe

drafts_app = typer.Typer(
    help="Drafts of interrupted walks: without a command, list them (checklist, when saved, how many answers); "
    "`clear` removes them. Continue one with `famsupport decide --resume`."
)
app.add_typer(drafts_app, name="drafts")


@drafts_app.callback(invoke_without_command=True)
def drafts_list(
    context: typer.Context,
    output_format: FormatOption = ListFormat.text,
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """List the drafts kept from interrupted walks: checklist, when saved, how many answers.

    Example: famsupport drafts
    """
    if context.invoked_subcommand is not None:
        return
    with user_errors():
        from famsupport_cli.io import display, drafts
        from famsupport_cli.render import journal as shown

        found = drafts.all_drafts()
        if output_format is ListFormat.json:
            write_json([
                {
                    "checklist": d.checklist,
                    "saved": d.saved,
                    "answers": None if d.problem else len(d.answers),
                    "path": str(d.path),
                    "problem": d.problem,
                }
                for d in found
            ])  # fmt: skip
            return
        ui = load_content(content, lang).ui
        if not found:
            display.note(ui.drafts_none)
            return
        shown.drafts(found, ui)


@drafts_app.command("clear")
def drafts_clear(
    checklist: Annotated[
        str | None, typer.Argument(metavar="CHECKLIST", help="Only this checklist's draft (decide, reflect...). Default: every draft.")
    ] = None,
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Remove drafts: all of them, or one checklist's. Prints the files removed.

    Example: famsupport drafts clear decide
    """
    with user_errors():
        from famsupport_cli.io import display, drafts

        resolve_language(lang, content)
        removed = drafts.clear(checklist)
        for path in removed:
            typer.echo(safe.line(path))
        if not removed:
            display.note(str(Text("no_draft_of_checklist_to_remove", checklist=checklist) if checklist else Text("no_drafts_to_remove")))
