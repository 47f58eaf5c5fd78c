"""report: the debrief report of a group, from its summaries and answers files."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from famsupport_cli.app import ContentOption, LangOption, app, load_content, user_errors
from famsupport_cli.commands._group import exit_code, expand, file_error
from famsupport_cli.commands.training import ForceOption
from famsupport_cli.errors import ExitCode, FamsupportError
from famsupport_cli.io import display
from famsupport_cli.messages import Text
from famsupport_cli.render import safe

if TYPE_CHECKING:
    from famsupport_cli.content.bundle import Bundle
    from famsupport_cli.core.report import Entry

REPORT_SUFFIXES = (".md", ".yaml", ".yml", ".json")


class ReportFormat(StrEnum):
    markdown = "markdown"
    json = "json"


@app.command()
def report(
    paths: Annotated[
        list[Path], typer.Argument(metavar="FILES", help="Summaries (Markdown or JSON) and answers files of a group, or folders of them.")
    ],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the report to this file (Markdown, or JSON with --format json)."),
    ] = None,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", metavar="FORMAT", help="markdown or json. Default: a terminal view on a terminal, else markdown."),
    ] = None,
    force: ForceOption = False,
    content: ContentOption = None,
    lang: LangOption = None,
    date: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="A date to print on the report (ISO 8601). Default: none.")
    ] = None,
    case: Annotated[
        str | None,
        typer.Option("--case", metavar="ID", help="Compare the group with this case's reference (see famsupport training list)."),
    ] = None,
) -> None:
    """The debrief report of a group: recommendations, the spread of answers, and where the group disagreed.

    It holds counts only: no names, no file names, no free text, and none of the participants'
    own wellbeing answers. A summary and an answers file with the same name (as `batch` writes
    them) count as one participant. With --case, it shows how many reached the case's reference
    recommendation and, per question, how many gave the reference answer, with the trainer's note.

    Example: famsupport report answers/ summaries/ --case father-abroad --output debrief.md
    """
    with user_errors():
        from famsupport_cli.checks.vignettes import find_vignette, load_training_text, load_vignettes
        from famsupport_cli.core import report as debrief
        from famsupport_cli.io import display, writer
        from famsupport_cli.render.charts import report_terminal
        from famsupport_cli.runner import resolve_date

        target = writer.output_target(output) if output is not None else None  # a trailing slash is refused
        if target is not None:
            writer.check_target(target, force=force)
        if date:
            resolve_date(date)  # checked like every --date; printed as given
        bundle = load_content(content, lang)
        words = load_training_text(content, bundle)
        vignette = find_vignette(load_vignettes(bundle, content), case) if case is not None else None
        files, problems = expand(paths, REPORT_SUFFIXES)
        codes: list[ExitCode] = []
        for path, problem in problems:
            file_error(path, problem)
            codes.append(problem.exit_code)
        entries = _read_entries(bundle, files, codes)
        if not entries:  # each input was refused, and said why: a report of nobody would only stand in the way of the next run
            raise typer.Exit(int(exit_code(codes)))
        groups = debrief.group_entries(bundle, entries)
        if vignette is not None:
            debrief.check_case(vignette, groups, words)
        data = debrief.build_report(bundle, groups, date, vignette)
        chosen = output_format or ReportFormat.markdown
        if target is not None:
            text = debrief.to_json(data) if chosen is ReportFormat.json else safe.stripped(debrief.to_markdown(data, words))
            writer.write_private(target, text, force=force)
            display.note(words.report_saved_to.format(path=target))
            if not sys.stdout.isatty():  # the path alone, for a script; on a terminal the note has just said it
                typer.echo(safe.line(target))
        elif output_format is None and sys.stdout.isatty():
            report_terminal(data, words)
        elif chosen is ReportFormat.json:
            sys.stdout.write(safe.json_escaped(debrief.to_json(data)))
        else:
            sys.stdout.write(safe.stripped(debrief.to_markdown(data, words)))
        code = exit_code(codes)
        if code is not ExitCode.OK:
            raise typer.Exit(int(code))


def _read_entries(bundle: Bundle, files: list[Path], codes: list[ExitCode]) -> list[Entry]:
    """Each file read as a participant's summary or answers; a file that cannot be read is reported and skipped."""
    from famsupport_cli.core import report as debrief
    from famsupport_cli.runner import read_text_file

    entries = []
    for path in files:
        try:
            entry = debrief.read_entry(bundle, str(path), path.stem, read_text_file(path, Text("what_report_input")))
        except FamsupportError as problem:
            file_error(path, problem)
            codes.append(problem.exit_code)
            continue
        if entry.notes:
            display.note(str(Text("report_unread_answers", file=path, count=len(entry.notes))))
            for text in entry.notes:
                display.note(f"  - {text}")
        entries.append(entry)
        codes.append(ExitCode.OK)
    return entries
