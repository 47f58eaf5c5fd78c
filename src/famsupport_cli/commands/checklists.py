"""decide, reflect and template: walking a checklist, and the answers file to script it.

The content, engine and runner layers (pydantic, PyYAML) are imported inside the commands that use them:
every command module is imported for `famsupport --help`, where they would cost about 300 ms (measured).
"""

from __future__ import annotations

import shlex
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from famsupport_cli.app import ContentOption, LangOption, OutputFormat, app, can_prompt, load_content, user_errors
from famsupport_cli.io import display
from famsupport_cli.render import safe

AnswersOption = Annotated[
    Path | None,
    typer.Option(
        "--answers",
        "-a",
        metavar="FILE",
        help="YAML or JSON file of answers (question id: value). On a terminal only the missing questions are asked.",
    ),
]
NoInputOption = Annotated[bool, typer.Option("--no-input", help="Never prompt: report every missing or invalid answer and exit 2.")]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write the summary to this file, or - for stdout. Default: your famsupport folder."
    ),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", metavar="FORMAT", help="markdown or json.")]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
PlainOption = Annotated[bool, typer.Option("--plain", help="Numbered line-by-line prompts (for screen readers).")]
ResumeOption = Annotated[
    bool,
    typer.Option(
        "--resume",
        help="Continue the walk that was interrupted, from its draft (`famsupport drafts`). With --answers, the file's answers win.",
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date", metavar="DATE", help="Date to record (ISO 8601), for reproducible summaries. Default: now, or SOURCE_DATE_EPOCH."
    ),
]


class Detail(StrEnum):
    note = "note"
    full = "full"


DetailOption = Annotated[
    Detail,
    typer.Option(
        "--detail",
        metavar="DETAIL",
        help="note: the one-page document (decide: a case note for the file; reflect: a private supervision record). "
        "full: the whole preparation sheet with every reason, why and source.",
    ),
]
CaseRefOption = Annotated[
    str | None,
    typer.Option(
        "--case-ref",
        metavar="REF",
        help="A case reference that identifies nobody (e.g. your case system's number), recorded in the document.",
    ),
]
SessionDateOption = Annotated[
    str | None, typer.Option("--session-date", metavar="DATE", help="The planned session date (YYYY-MM-DD), recorded in the document.")
]


def given_options(context: typer.Context) -> tuple[str, ...]:
    """The names of the options given on the command line, never their values (which may name a family)."""
    names = []
    for parameter in context.command.params:
        source = context.get_parameter_source(parameter.name) if parameter.name else None
        if parameter.param_type_name == "option" and source is not None and source.name in ("COMMANDLINE", "ENVIRONMENT"):
            names.append(max(parameter.opts, key=len).lstrip("-"))
    return tuple(names)


class TemplateFormat(StrEnum):
    yaml = "yaml"
    json = "json"


def run_and_report(
    checklist_id: str,
    *,
    answers: Path | None,
    no_input: bool,
    output: str | None,
    output_format: OutputFormat,
    force: bool,
    plain: bool,
    content: Path | None,
    lang: str | None,
    date: str | None,
    after: Path | None = None,
    resume: bool = False,
    detail: Detail = Detail.note,
    case_ref: str | None = None,
    session_date: str | None = None,
    given: tuple[str, ...] = (),
) -> None:
    """Run one checklist and show the outcome: the summary on stdout or its saved path."""
    from famsupport_cli.runner import RunOptions, run_checklist

    interactive = can_prompt(no_input)
    bundle = load_content(content, lang)
    options = RunOptions(
        checklist_id=checklist_id,
        answers_file=answers,
        interactive=interactive,
        plain=plain,
        output=output,
        output_format=output_format.value,
        force=force,
        date=date,
        after=after,
        command="famsupport " + shlex.join(sys.argv[1:]),
        options_used=given,
        resume=resume,
        detail=detail.value,
        case_ref=case_ref,
        session_date=session_date,
    )
    if output_format is OutputFormat.json and detail is Detail.note and "detail" in given and bundle.checklist(checklist_id).decision:
        display.note(bundle.ui.note.format(text=bundle.ui.json_is_the_whole_sheet))  # asked for a case note, given the whole data
    report = run_checklist(options, bundle)
    for text in report.notes:
        display.note(report.bundle.ui.note.format(text=text))
    if interactive:
        from famsupport_cli.core.casenote import note_view
        from famsupport_cli.io.prompts import show_result

        # The terminal shows what the document holds: the note's view, or everything with --detail full.
        shown = report.result if detail is Detail.full or report.result.verdict is None else note_view(report.result)
        show_result(shown, report.bundle, plain=plain)
    if options.output == "-":
        sys.stdout.write(report.text)
    elif report.saved_to is not None:
        display.note(report.bundle.ui.saved_to.format(path=safe.line(report.saved_to)))
        if not sys.stdout.isatty():  # the path alone, for a script; on a terminal the note has just said it
            typer.echo(safe.line(report.saved_to))


@app.command()
def decide(
    context: typer.Context,
    answers: AnswersOption = None,
    no_input: NoInputOption = False,
    output: OutputOption = None,
    output_format: FormatOption = OutputFormat.markdown,
    force: ForceOption = False,
    plain: PlainOption = False,
    content: ContentOption = None,
    lang: LangOption = None,
    date: DateOption = None,
    resume: ResumeOption = False,
    detail: DetailOption = Detail.note,
    case_ref: CaseRefOption = None,
    session_date: SessionDateOption = None,
) -> None:
    """Before a session: in person, hybrid or online? Walks the go-digital checklist and writes a case note.

    Example: famsupport decide --answers answers.yaml --no-input --output -
    """
    with user_errors():
        run_and_report(
            "decide", answers=answers, no_input=no_input, output=output, output_format=output_format,
            force=force, plain=plain, content=content, lang=lang, date=date, resume=resume,
            detail=detail, case_ref=case_ref, session_date=session_date, given=given_options(context),
        )  # fmt: skip


@app.command()
def reflect(
    context: typer.Context,
    answers: AnswersOption = None,
    no_input: NoInputOption = False,
    output: OutputOption = None,
    output_format: FormatOption = OutputFormat.markdown,
    force: ForceOption = False,
    plain: PlainOption = False,
    content: ContentOption = None,
    lang: LangOption = None,
    date: DateOption = None,
    after: Annotated[
        Path | None,
        typer.Option("--after", metavar="FILE", help="The decide summary of the same session; adds the prompts on what the format did."),
    ] = None,
    resume: ResumeOption = False,
    detail: DetailOption = Detail.note,
    case_ref: CaseRefOption = None,
    session_date: SessionDateOption = None,
) -> None:
    """After a session: unconscious-bias self-reflection; writes a private supervision record with the recommendations that fit.

    Example: famsupport reflect --after ~/decide-summary.md
    """
    with user_errors():
        run_and_report(
            "reflect", answers=answers, no_input=no_input, output=output, output_format=output_format,
            force=force, plain=plain, content=content, lang=lang, date=date, after=after, resume=resume,
            detail=detail, case_ref=case_ref, session_date=session_date, given=given_options(context),
        )  # fmt: skip


@app.command()
def template(
    checklist: Annotated[str, typer.Argument(metavar="CHECKLIST", help="decide or reflect (or a checklist from your content pack).")],
    output_format: Annotated[
        TemplateFormat, typer.Option("--format", "-f", metavar="FORMAT", help="yaml (commented, to fill in) or json.")
    ] = TemplateFormat.yaml,
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Print a complete answers file to fill in: every question id, its type and allowed values.

    Example: famsupport template decide > answers.yaml
    """
    with user_errors():
        from famsupport_cli.core.template import template_data, template_yaml

        bundle = load_content(content, lang)
        found = bundle.checklist(checklist)
        if output_format is TemplateFormat.json:
            sys.stdout.write(safe.json_text(template_data(found, bundle.ui)))  # a pack's texts as \u escapes
        else:
            sys.stdout.write(safe.stripped(template_yaml(found, bundle.ui)))  # a pack's texts, minus what could drive a terminal
