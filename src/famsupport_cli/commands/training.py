"""Trainings: case vignettes (training list / show / run).

Only typer, the standard library and the sanitiser are imported at module level (start-up stays fast);
everything else is imported inside the commands.
"""

from __future__ import annotations

import shlex
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from famsupport_cli import app as cli_app
from famsupport_cli.app import ContentOption, LangOption, ListFormat, OutputFormat, app, load_content, user_errors
from famsupport_cli.errors import invalid_input
from famsupport_cli.io import display
from famsupport_cli.messages import Text
from famsupport_cli.render import safe
from famsupport_cli.render.markdown import show_case, show_markdown

training_app = typer.Typer(
    help="Case vignettes for trainings: list them, print one as a handout, walk through one and compare with the reference.",
    no_args_is_help=True,
)
app.add_typer(training_app, name="training")


class ShowFormat(StrEnum):
    terminal = "terminal"
    markdown = "markdown"


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
ForceOption = Annotated[bool, typer.Option("--force", help="Replace output files that exist.")]
DateOption = Annotated[
    str | None,
    typer.Option("--date", metavar="DATE", help="Date to record (ISO 8601), for reproducible output. Default: now, or SOURCE_DATE_EPOCH."),
]


@training_app.command("list")
def training_list(
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", metavar="FORMAT", help="text or json.")] = ListFormat.text,
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """List the case vignettes: id, title and the reference recommendation of `decide`.

    Example: famsupport training list --format json
    """
    with user_errors():
        from famsupport_cli.checks.vignettes import load_training_text, load_vignettes
        from famsupport_cli.core.training import list_data

        bundle = load_content(content, lang)
        rows = list_data(load_vignettes(bundle, content))
        from famsupport_cli.render.tables import rows_on_stdout

        if output_format is ListFormat.json:
            sys.stdout.write(safe.json_text(rows))
            return
        words = load_training_text(content, bundle)
        if not rows:
            display.note(words.list_empty)
            return
        table = [(row["id"], row["recommendation_label"] or "", row["title"]) for row in rows]
        rows_on_stdout((words.list_case, words.list_recommendation, words.list_title), table, separator="  ")


@training_app.command("show")
def training_show(
    case: Annotated[str, typer.Argument(metavar="CASE", help="The case id (see `famsupport training list`).")],
    trainer: Annotated[bool, typer.Option("--trainer", help="Add the reference answers, results and notes for the debrief.")] = False,
    output_format: Annotated[
        ShowFormat, typer.Option("--format", "-f", metavar="FORMAT", help="terminal or markdown.")
    ] = ShowFormat.terminal,
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Print a case as a handout: the story and questions for discussion (Markdown; rendered on a terminal).

    Example: famsupport training show father-abroad --format markdown > handout.md
    """
    with user_errors():
        from famsupport_cli.checks.vignettes import find_vignette, load_training_text, load_vignettes
        from famsupport_cli.core.training import handout_markdown

        bundle = load_content(content, lang)
        item = find_vignette(load_vignettes(bundle, content), case)
        text = handout_markdown(bundle, item, load_training_text(content, bundle), trainer=trainer)
        show_markdown(text, as_markdown=output_format is ShowFormat.markdown)


@training_app.command("run")
def training_run(
    case: Annotated[str, typer.Argument(metavar="CASE", help="The case id (see `famsupport training list`).")],
    checklist: Annotated[str, typer.Option("--checklist", "-c", metavar="CHECKLIST", help="decide or reflect.")] = "decide",
    answers: AnswersOption = None,
    no_input: NoInputOption = False,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Also write your summary to this file. Default: no summary is written."),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", metavar="FORMAT", help="markdown or json: the comparison, and the summary if --output."),
    ] = OutputFormat.markdown,
    force: ForceOption = False,
    plain: Annotated[bool, typer.Option("--plain", help="Numbered line-by-line prompts (for screen readers).")] = False,
    content: ContentOption = None,
    lang: LangOption = None,
    date: DateOption = None,
) -> None:
    """Walk through a case as a participant, then see where your answers and result differ from the reference.

    Example: famsupport training run mother-shared-devices --answers mine.yaml --no-input
    """
    with user_errors():
        from famsupport_cli.checks.vignettes import find_vignette, load_training_text, load_vignettes
        from famsupport_cli.core import training
        from famsupport_cli.runner import RunOptions, run_checklist

        if output == "-":
            raise invalid_input(Text("no_stdout_for_training"), hint=Text("no_stdout_for_training_hint"))
        interactive = cli_app.can_prompt(no_input)  # looked up at run time, so a test can patch it
        bundle = load_content(content, lang)
        item = find_vignette(load_vignettes(bundle, content), case)
        reference = item.reference(checklist)
        words = load_training_text(content, bundle)
        if interactive:
            show_case(training.handout_markdown(bundle, item, words), words.run_intro.format(title=item.vignette.title))
        options = RunOptions(
            checklist_id=checklist,
            answers_file=answers,
            interactive=interactive,
            plain=plain,
            output=output if output is not None else "-",  # "-": the summary is returned, not written; a slash is refused
            output_format=output_format.value,
            force=force,
            date=date,
            command="famsupport " + shlex.join(sys.argv[1:]),
            personal=False,  # a training case is not the participant's own working day
        )
        report = run_checklist(options, bundle)
        for text in report.notes:
            display.note(report.bundle.ui.note.format(text=text))
        # The run is not personal, so its result rests on the answers alone, as the reference's does
        # (no journal, time or configured agreements): it is compared as it is, not evaluated again.
        comparison = training.compare(bundle, item, reference, report.result)
        if output_format is OutputFormat.json:
            sys.stdout.write(safe.json_escaped(training.comparison_json(comparison)))
        else:
            show_markdown(training.comparison_markdown(bundle, comparison, words))
        if report.saved_to is not None:
            display.note(bundle.ui.saved_to.format(path=report.saved_to))
