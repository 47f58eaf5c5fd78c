"""batch: a group's answers files turned into one summary each, never prompting."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from famsupport_cli.app import ContentOption, LangOption, OutputFormat, app, load_content, user_errors
from famsupport_cli.commands._group import exit_code, expand, file_error
from famsupport_cli.commands.training import DateOption, ForceOption
from famsupport_cli.errors import ExitCode, FamsupportError, invalid_input
from famsupport_cli.io import display
from famsupport_cli.messages import Text
from famsupport_cli.render import safe

if TYPE_CHECKING:
    from famsupport_cli.content.bundle import Bundle
    from famsupport_cli.content.vignettes import TrainingText

ANSWERS_SUFFIXES = (".yaml", ".yml", ".json")
MAX_DETAILS = 5  # per failed file; `famsupport decide --answers FILE --no-input` lists them all


@dataclass(frozen=True, slots=True, kw_only=True)
class _Batch:
    """What every file of one batch shares: the content, the options, the words."""

    bundle: Bundle
    checklist: str
    output_dir: Path
    output_format: OutputFormat
    force: bool
    when: str
    options_used: tuple[str, ...]  # names only, never values: a file or folder may be named after a family
    words: TrainingText


def _batch_one(job: _Batch, path: Path, taken: dict[str, Path]) -> str:
    """Write one summary; the result in words for the table. Raises FamsupportError."""
    from famsupport_cli.core.summary import outcome_label
    from famsupport_cli.runner import RunOptions, run_checklist

    suffix = ".json" if job.output_format is OutputFormat.json else ".md"
    name = safe.file_name(path.stem)
    target = job.output_dir / f"{name}{suffix}"
    if name in taken:
        raise invalid_input(Text("same_name_in_batch", path=path, other=taken[name], target=target))
    taken[name] = path
    options = RunOptions(
        checklist_id=job.checklist,
        answers_file=path,
        output=str(target),
        output_format=job.output_format.value,
        force=job.force,
        date=job.when,
        options_used=job.options_used,
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


def _run_files(job: _Batch, files: list[Path], rows: list[tuple[str, str]], codes: list[ExitCode]) -> None:
    """Each file in turn, with a progress bar on a terminal; a bad file is reported and skipped."""
    from famsupport_cli.io.writer import flush_to_disk
    from famsupport_cli.render.progress import progress

    taken: dict[str, Path] = {}
    bar = progress(len(files))
    task = bar.add_task(safe.markup(job.words.batch_progress), total=len(files)) if bar else None
    try:
        if bar:
            bar.start()
        for path in files:
            try:
                rows.append((str(path), _batch_one(job, path, taken)))
                codes.append(ExitCode.OK)
            except FamsupportError as problem:
                file_error(path, problem, max_details=MAX_DETAILS)
                rows.append((str(path), f"{job.words.batch_failed}: {problem.message.splitlines()[0]}"))
                codes.append(problem.exit_code)
            if bar and task is not None:
                bar.advance(task)
    except KeyboardInterrupt:
        # The folder in full: "." would end the sentence in "..".
        display.note("\n" + str(Text("batch_interrupted", count=codes.count(ExitCode.OK), folder=job.output_dir.absolute())))
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    finally:
        if bar:
            bar.stop()
        flush_to_disk()  # the summaries were written without a flush each


@app.command()
def batch(
    checklist: Annotated[str, typer.Argument(metavar="CHECKLIST", help="decide or reflect (or a checklist from your content pack).")],
    paths: Annotated[list[Path], typer.Argument(metavar="FILES", help="Answers files (YAML or JSON), or folders of them.")],
    output_dir: Annotated[Path, typer.Option("--output-dir", "-d", metavar="DIR", help="Where to write one summary per answers file.")],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", metavar="FORMAT", help="markdown or json.")
    ] = OutputFormat.markdown,
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
        from famsupport_cli.checks.vignettes import load_training_text
        from famsupport_cli.io import display, writer
        from famsupport_cli.render.tables import rows_on_stdout
        from famsupport_cli.runner import resolve_date

        bundle = load_content(content, lang)  # once, for every file
        bundle.checklist(checklist)
        given = {"format": output_format is OutputFormat.json, "date": date, "content": content, "lang": lang}
        job = _Batch(
            bundle=bundle,
            checklist=checklist,
            output_dir=output_dir,
            output_format=output_format,
            force=force,
            when=resolve_date(date).isoformat(),
            options_used=("output-dir", *(name for name, value in given.items() if value)),
            words=load_training_text(content, bundle),
        )
        files, problems = expand(paths, ANSWERS_SUFFIXES)
        writer.ensure_private_dir(output_dir)
        rows: list[tuple[str, str]] = []
        codes: list[ExitCode] = []
        for path, problem in problems:
            file_error(path, problem)
            rows.append((str(path), f"{job.words.batch_failed}: {problem.message}"))
            codes.append(problem.exit_code)
        _run_files(job, files, rows, codes)
        rows_on_stdout((job.words.batch_file, job.words.batch_result), rows)  # file names are sanitised there
        display.note(job.words.batch_done.format(ok=codes.count(ExitCode.OK), total=len(rows), folder=output_dir.absolute()))
        code = exit_code(codes)
        if code is not ExitCode.OK:
            raise typer.Exit(int(code))
