"""Trainings: case vignettes (training list / show / run), group runs (batch) and the debrief report.

Only typer and the standard library are imported at module level (start-up stays fast);
everything else is imported inside the commands.
"""

from __future__ import annotations

import json
import shlex
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from famsupport_cli.app import ContentOption, LangOption, ListFormat, OutputFormat, app, load_content, user_errors
from famsupport_cli.errors import ExitCode, FamsupportError
from famsupport_cli.messages import Text

if TYPE_CHECKING:
    from famsupport_cli.content.bundle import Bundle
    from famsupport_cli.content.vignettes import TrainingText

training_app = typer.Typer(
    help="Case vignettes for trainings: list them, print one as a handout, walk through one and compare with the reference.",
    no_args_is_help=True,
)
app.add_typer(training_app, name="training")

ANSWERS_SUFFIXES = (".yaml", ".yml", ".json")
REPORT_SUFFIXES = (".md", ".yaml", ".yml", ".json")
BAR_WIDTH = 30
MAX_DETAILS = 5  # per failed file in batch; `famsupport decide --answers FILE --no-input` lists them all


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


# --- training list / show / run -------------------------------------------------------


@training_app.command("list")
def training_list(
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", help="text or json.")] = ListFormat.text,
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """List the case vignettes: id, title and the reference recommendation of `decide`.

    Example: famsupport training list --format json
    """
    with user_errors():
        from famsupport_cli.content.vignettes import load_training_text, load_vignettes
        from famsupport_cli.core.training import list_data

        bundle = load_content(content, lang)
        rows = list_data(load_vignettes(bundle, content))
        if output_format is ListFormat.json:
            sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
            return
        words = load_training_text(content, bundle)
        if not rows:
            typer.echo(words.list_empty, err=True)
            return
        table = [(row["id"], row["recommendation_label"] or "", row["title"]) for row in rows]
        if sys.stdout.isatty():
            from rich.markup import escape
            from rich.table import Table

            from famsupport_cli.io.display import out_console

            shown = Table(expand=False)
            for header in (words.list_case, words.list_recommendation, words.list_title):
                shown.add_column(escape(header))
            for row in table:
                shown.add_row(*(escape(cell) for cell in row))
            out_console().print(shown)
        else:
            widths = [max(len(row[i]) for row in table) for i in range(2)]
            for case, recommendation, title in table:
                typer.echo(f"{case:<{widths[0]}}  {recommendation:<{widths[1]}}  {title}")


@training_app.command("show")
def training_show(
    case: Annotated[str, typer.Argument(help="The case id (see `famsupport training list`).")],
    trainer: Annotated[bool, typer.Option("--trainer", help="Add the reference answers, results and notes for the debrief.")] = False,
    output_format: Annotated[ShowFormat, typer.Option("--format", "-f", help="terminal or markdown.")] = ShowFormat.terminal,
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Print a case as a handout: the story and questions for discussion (Markdown; rendered on a terminal).

    Example: famsupport training show father-abroad --format markdown > handout.md
    """
    with user_errors():
        from famsupport_cli.commands.content import BrowseFormat, show_markdown
        from famsupport_cli.content.vignettes import find_vignette, load_training_text, load_vignettes
        from famsupport_cli.core.training import handout_markdown

        bundle = load_content(content, lang)
        item = find_vignette(load_vignettes(bundle, content), case)
        text = handout_markdown(bundle, item, load_training_text(content, bundle), trainer=trainer)
        show_markdown(text, BrowseFormat.markdown if output_format is ShowFormat.markdown else BrowseFormat.terminal)


@training_app.command("run")
def training_run(
    case: Annotated[str, typer.Argument(help="The case id (see `famsupport training list`).")],
    checklist: Annotated[str, typer.Option("--checklist", "-c", metavar="CHECKLIST", help="decide or reflect.")] = "decide",
    answers: AnswersOption = None,
    no_input: NoInputOption = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Also write your summary to this file. Default: no summary is written."),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="markdown or json: the comparison, and the summary if --output.")
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
        from famsupport_cli import app as cli_app
        from famsupport_cli.commands.content import BrowseFormat, show_markdown
        from famsupport_cli.content.vignettes import find_vignette, load_training_text, load_vignettes
        from famsupport_cli.core import training
        from famsupport_cli.core.engine import evaluate
        from famsupport_cli.errors import invalid_input
        from famsupport_cli.io import display
        from famsupport_cli.runner import RunOptions, run_checklist

        if output is not None and str(output) == "-":
            raise invalid_input(Text("no_stdout_for_training"), hint=Text("no_stdout_for_training_hint"))
        interactive = cli_app.can_prompt(no_input)  # looked up at run time, so a test can patch it
        bundle = load_content(content, lang)
        item = find_vignette(load_vignettes(bundle, content), case)
        reference = item.reference(checklist)
        words = load_training_text(content, bundle)
        if interactive:
            _show_case(item.vignette.title, training.handout_markdown(bundle, item, words), words)
        options = RunOptions(
            checklist,
            answers,
            interactive,
            plain,
            str(output) if output is not None else "-",  # "-": the summary is returned, not written
            output_format.value,
            force,
            date,
            command="famsupport " + shlex.join(sys.argv[1:]),
            personal=False,  # a training case is not the participant's own working day
        )
        report = run_checklist(options, bundle)
        for text in report.notes:
            display.note(report.bundle.ui.note.format(text=text))
        # Compared on the answers alone, as the reference is: facts of this machine (the journal,
        # the time, configured agreements) may add to the participant's summary, not to the comparison.
        yours = evaluate(bundle, bundle.checklist(checklist), report.result.answers)
        comparison = training.compare(bundle, item, reference, yours)
        if output_format is OutputFormat.json:
            sys.stdout.write(training.comparison_json(comparison))
        else:
            show_markdown(training.comparison_markdown(bundle, comparison, words), BrowseFormat.terminal)
        if report.saved_to is not None:
            display.note(bundle.ui.saved_to.format(path=report.saved_to))


def _show_case(title: str, handout: str, words: TrainingText) -> None:
    """The case on stderr before an interactive walk, so the participant can read it first."""
    from rich.markdown import Markdown

    from famsupport_cli.io.display import err_console

    console = err_console()
    console.print(Markdown(handout))
    console.print(words.run_intro.format(title=title), markup=False)
    console.print()


# --- batch ------------------------------------------------------------------------------


def _expand(paths: list[Path], suffixes: tuple[str, ...]) -> tuple[list[Path], list[tuple[Path, FamsupportError]]]:
    """Files as given, and the matching files of each folder (sorted by name); each file once."""
    from famsupport_cli.errors import invalid_input

    files: list[Path] = []
    problems: list[tuple[Path, FamsupportError]] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(
                (p for p in path.iterdir() if p.suffix.lower() in suffixes and not p.name.startswith(".") and p.is_file()),
                key=lambda p: p.name,
            )
            if not found:
                wanted = ", ".join(f"*{suffix}" for suffix in suffixes)
                problems.append((path, invalid_input(Text("no_files_in_folder", folder=path, wanted=wanted))))
        elif path.exists():
            found = [path]
        else:
            problems.append((path, invalid_input(Text("path_does_not_exist", path=path), hint=Text("check_the_path"))))
            continue
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files, problems


def _file_error(path: Path, problem: FamsupportError, *, max_details: int | None = None) -> None:
    """One error per file, naming it (unless the message already does); at most `max_details` details."""
    from famsupport_cli.io import display

    message = problem.message if str(path) in problem.message else f"{path}: {problem.message}"
    details = problem.details
    if max_details is not None and len(details) > max_details:
        details = [*details[:max_details], f"... and {len(details) - max_details} more"]
    display.error(FamsupportError(message, hint=problem.hint, details=details, exit_code=problem.exit_code))


def _exit_code(codes: list[ExitCode]) -> ExitCode:
    """1 if anything failed for a reason other than its input, else 2 if any input was invalid, else 0."""
    if any(code not in (ExitCode.OK, ExitCode.INVALID_INPUT) for code in codes):
        return ExitCode.FAILURE
    return ExitCode.INVALID_INPUT if ExitCode.INVALID_INPUT in codes else ExitCode.OK


def _progress(total: int) -> Any:
    """A progress bar on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty() or total < 2:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from famsupport_cli.io.display import err_console

    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err_console(), transient=True
    )


def _results_table(rows: list[tuple[str, str]], headers: tuple[str, str]) -> None:
    """The file-by-file outcome on stdout: a table on a terminal, tab-separated lines otherwise."""
    if sys.stdout.isatty():
        from rich.markup import escape
        from rich.table import Table

        from famsupport_cli.io.display import out_console

        table = Table(expand=False)
        for header in headers:
            table.add_column(escape(header))
        for row in rows:
            table.add_row(*(escape(cell) for cell in row))
        out_console().print(table)
        return
    sys.stdout.write("".join(f"{name}\t{result}\n" for name, result in rows))


@dataclass(frozen=True)
class _Batch:
    """What every file of one batch shares: the content, the options, the words."""

    bundle: Bundle
    checklist: str
    output_dir: Path
    output_format: OutputFormat
    force: bool
    when: str
    extra: list[str]
    words: TrainingText


def _batch_one(job: _Batch, path: Path, taken: dict[str, Path]) -> str:
    """Write one summary; the result in words for the table. Raises FamsupportError."""
    from famsupport_cli.core.summary import outcome_label
    from famsupport_cli.errors import invalid_input
    from famsupport_cli.runner import RunOptions, run_checklist

    suffix = ".json" if job.output_format is OutputFormat.json else ".md"
    target = job.output_dir / f"{path.stem}{suffix}"
    if path.stem in taken:
        raise invalid_input(Text("same_name_in_batch", path=path, other=taken[path.stem], target=target))
    taken[path.stem] = path
    command = "famsupport " + shlex.join(["batch", job.checklist, str(path), "--output-dir", str(job.output_dir), *job.extra])
    options = RunOptions(
        job.checklist,
        path,
        False,
        False,
        str(target),
        job.output_format.value,
        job.force,
        job.when,
        command=command,
        personal=False,
        durable=False,
    )
    result = run_checklist(options, job.bundle).result
    if result.verdict is None:
        count = sum(1 for findings in result.findings.values() for f in findings if f.recommendation)
        return job.words.batch_recommendations_count.format(count=count)
    shown = outcome_label(result.checklist, result.verdict.recommended)
    if result.verdict.overridden:
        shown += f" → {outcome_label(result.checklist, result.verdict.final)}"
    return shown


@app.command()
def batch(
    checklist: Annotated[str, typer.Argument(help="decide or reflect (or a checklist from your content pack).")],
    paths: Annotated[list[Path], typer.Argument(help="Answers files (YAML or JSON), or folders of them.")],
    output_dir: Annotated[Path, typer.Option("--output-dir", "-d", metavar="DIR", help="Where to write one summary per answers file.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="markdown or json.")] = OutputFormat.markdown,
    force: ForceOption = False,
    content: ContentOption = None,
    lang: LangOption = None,
    date: DateOption = None,
) -> None:
    """Turn a group's answers files into one summary each (DIR/<name>.md), never prompting.

    A bad file is reported and skipped. Exit 0 if all went well, 2 if any file had invalid
    input, 1 if anything else failed.

    Example: famsupport batch decide answers/ --output-dir summaries/ --date 2026-11-21
    """
    with user_errors():
        from famsupport_cli.content.vignettes import load_training_text
        from famsupport_cli.io import display, writer
        from famsupport_cli.runner import resolve_date

        bundle = load_content(content, lang)  # once, for every file
        bundle.checklist(checklist)
        extra = ["--format", "json"] if output_format is OutputFormat.json else []
        extra += (["--date", date] if date else []) + (["--content", str(content)] if content else []) + (["--lang", lang] if lang else [])
        job = _Batch(
            bundle, checklist, output_dir, output_format, force, resolve_date(date).isoformat(), extra, load_training_text(content, bundle)
        )
        files, problems = _expand(paths, ANSWERS_SUFFIXES)
        writer.ensure_private_dir(output_dir)
        rows: list[tuple[str, str]] = []
        codes: list[ExitCode] = []
        for path, problem in problems:
            _file_error(path, problem)
            rows.append((str(path), f"{job.words.batch_failed}: {problem.message}"))
            codes.append(problem.exit_code)
        taken: dict[str, Path] = {}
        progress = _progress(len(files))
        task = progress.add_task(job.words.batch_progress, total=len(files)) if progress else None
        try:
            if progress:
                progress.start()
            for path in files:
                try:
                    rows.append((str(path), _batch_one(job, path, taken)))
                    codes.append(ExitCode.OK)
                except FamsupportError as problem:
                    _file_error(path, problem, max_details=MAX_DETAILS)
                    rows.append((str(path), f"{job.words.batch_failed}: {problem.message.splitlines()[0]}"))
                    codes.append(problem.exit_code)
                if progress:
                    progress.advance(task)
        except KeyboardInterrupt:
            written = codes.count(ExitCode.OK)
            display.note("\n" + str(Text("batch_interrupted", count=written, folder=output_dir)))
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        finally:
            if progress:
                progress.stop()
            from famsupport_cli.io.writer import flush_to_disk

            flush_to_disk()  # the summaries were written without a flush each
        _results_table(rows, (job.words.batch_file, job.words.batch_result))
        display.note(job.words.batch_done.format(ok=codes.count(ExitCode.OK), total=len(rows), folder=output_dir))
        code = _exit_code(codes)
        if code is not ExitCode.OK:
            raise typer.Exit(int(code))


# --- report -----------------------------------------------------------------------------


class ReportFormat(StrEnum):
    markdown = "markdown"
    json = "json"


@app.command()
def report(
    paths: Annotated[list[Path], typer.Argument(help="Summaries (Markdown or JSON) and answers files of a group, or folders of them.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the report to this file (Markdown, or JSON with --format json)."),
    ] = None,
    output_format: Annotated[
        ReportFormat | None, typer.Option("--format", "-f", help="markdown or json. Default: a terminal view on a terminal, else markdown.")
    ] = None,
    force: ForceOption = False,
    content: ContentOption = None,
    lang: LangOption = None,
    date: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="A date to print on the report (ISO 8601). Default: none.")
    ] = None,
) -> None:
    """The debrief report of a group: recommendations, the spread of answers, and where the group disagreed.

    It holds counts only: no names, no file names, no free text. A summary and an answers
    file with the same name (as `batch` writes them) count as one participant.

    Example: famsupport report answers/ summaries/ --output debrief.md
    """
    with user_errors():
        from famsupport_cli.content.vignettes import load_training_text
        from famsupport_cli.core import report as debrief
        from famsupport_cli.io import display, writer
        from famsupport_cli.runner import read_text_file, resolve_date

        if output is not None:
            writer.check_target(output, force=force)
        if date:
            resolve_date(date)  # checked like every --date; printed as given
        bundle = load_content(content, lang)
        words = load_training_text(content, bundle)
        files, problems = _expand(paths, REPORT_SUFFIXES)
        codes: list[ExitCode] = []
        for path, problem in problems:
            _file_error(path, problem)
            codes.append(problem.exit_code)
        entries = []
        for path in files:
            try:
                entry = debrief.read_entry(bundle, str(path), path.stem, read_text_file(path, "file"))
            except FamsupportError as problem:
                _file_error(path, problem)
                codes.append(problem.exit_code)
                continue
            if entry.notes:
                display.note(str(Text("report_unread_answers", file=path, count=len(entry.notes))))
                for text in entry.notes:
                    display.note(f"  - {text}")
            entries.append(entry)
            codes.append(ExitCode.OK)
        data = debrief.build_report(bundle, debrief.group_entries(bundle, entries), date)
        chosen = output_format or ReportFormat.markdown
        if output is not None:
            text = debrief.to_json(data) if chosen is ReportFormat.json else debrief.to_markdown(data, words)
            writer.write_private(output, text, force=force)
            display.note(words.report_saved_to.format(path=output))
            typer.echo(str(output))
        elif output_format is None and sys.stdout.isatty():
            _report_terminal(data, words)
        elif chosen is ReportFormat.json:
            sys.stdout.write(debrief.to_json(data))
        else:
            sys.stdout.write(debrief.to_markdown(data, words))
        code = _exit_code(codes)
        if code is not ExitCode.OK:
            raise typer.Exit(int(code))


def _bar(share: float) -> str:
    return "█" * round(share * BAR_WIDTH)


def _report_terminal(data: dict[str, Any], words: TrainingText) -> None:
    """The report for reading at a terminal: the same content, with bar charts."""
    from rich.markup import escape
    from rich.table import Table

    from famsupport_cli.io.display import out_console

    console = out_console()

    def counts(title: str, items: list[dict[str, Any]], label: str = "label") -> None:
        table = Table(title=escape(title), title_justify="left", show_header=False, box=None, padding=(0, 1))
        table.add_column(justify="left")
        table.add_column(justify="left", style="cyan")
        table.add_column(justify="right")
        for item in items:
            table.add_row(escape(str(item[label])), _bar(item["share"]), f"{item['count']} ({round(item['share'] * 100)}%)")
        console.print(table)
        console.print()

    if not data["checklists"]:
        console.print(escape(words.report_nothing))
    for group in data["checklists"]:
        console.rule(f"[bold]{escape(words.report_title.format(checklist=group['title']))}[/bold]")
        if data.get("date"):
            console.print(f"{escape(words.report_date)}: {escape(data['date'])}")
        basis = words.report_basis.format(summaries=group["summaries"], answers=group["answers_files"], participants=group["participants"])
        console.print(escape(basis))
        console.print(f"[dim]{escape(words.report_no_names)}[/dim]\n")
        if "outcomes" in group:
            counts(words.report_outcomes, group["outcomes"])
            if group["overridden"]:
                counts(words.report_final_formats, group["final_formats"])
        for found in group["lists"]:
            if found["items"]:
                counts(words.report_lists.format(title=found["title"]), found["items"], "title")
        table = Table(title=escape(words.report_disagreement), title_justify="left", caption=escape(words.report_disagreement_explained))
        table.add_column(escape(words.report_question))
        table.add_column(escape(words.report_disagreement_column), justify="right")
        table.add_column("")
        table.add_column(escape(words.report_most_common))
        for question in group["disagreement"]:
            table.add_row(
                escape(question["prompt"]),
                f"{question['disagreement']:.2f}",
                _bar(question["disagreement"]),
                f"{escape(question['most_common'])} ({round(question['most_common_share'] * 100)}%)",
            )
        console.print(table)
        console.print()
        if not group["with_answers"]:
            console.print(escape(words.report_no_answers))
            continue
        console.print(f"[bold]{escape(words.report_answers)}[/bold]")
        console.print(escape(words.report_answers_basis.format(count=group["with_answers"])) + "\n")
        for question in group["questions"]:
            if question["type"] == "text":
                items = [
                    {
                        "label": words.report_text_answered,
                        "count": question["answered"],
                        "share": _ratio(question["answered"], group["with_answers"]),
                    },
                    {
                        "label": words.report_text_empty,
                        "count": question["not_answered"],
                        "share": _ratio(question["not_answered"], group["with_answers"]),
                    },
                ]
                counts(question["prompt"], items)
            else:
                counts(question["prompt"], question["answers"])


def _ratio(count: int, base: int) -> float:
    return count / base if base else 0.0
