"""Running a checklist end to end: the glue between the pure core and the edges.

The same function serves `decide` and `reflect` (and any checklist a content pack
adds): load content, read the answers file, walk, evaluate, render, write.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from famsupport_cli import __version__
from famsupport_cli.content.loader import Bundle
from famsupport_cli.content.models import Checklist, Question
from famsupport_cli.core import summary
from famsupport_cli.core.answers import AnswerProblem, allowed_text, coerce
from famsupport_cli.core.engine import Result, evaluate
from famsupport_cli.core.presets import AnswerIssue, Presets, read_presets
from famsupport_cli.core.privacy import looks_identifying
from famsupport_cli.core.walk import Asker, NoInputAsker, walk
from famsupport_cli.errors import FamsupportError, invalid_input
from famsupport_cli.io import paths, writer

OutputFormat = Literal["markdown", "json"]


@dataclass(frozen=True)
class RunOptions:
    checklist_id: str
    answers_file: Path | None = None
    interactive: bool = False
    plain: bool = False
    output: str | None = None  # None: the famsupport folder; "-": stdout
    output_format: OutputFormat = "markdown"
    force: bool = False
    date: str | None = None
    after: Path | None = None
    command: str = ""


@dataclass
class RunReport:
    text: str
    result: Result
    bundle: Bundle
    saved_to: Path | None = None
    notes: list[str] = field(default_factory=list)


def run_checklist(options: RunOptions, bundle: Bundle) -> RunReport:
    checklist = bundle.checklist(options.checklist_id)
    when = resolve_date(options.date)
    target = Path(options.output) if options.output not in (None, "-") else None
    if target is not None:
        writer.check_target(target, force=options.force)  # before any question is asked
    presets = _presets(options, checklist)
    if options.after is not None:
        _prefill_from_summary(options.after, checklist, presets)
    notes: list[str] = []
    asker: Asker
    if options.interactive:
        asker = _terminal_asker(bundle, plain=options.plain)
        for issue in presets.issues:
            notes.append(bundle.ui.invalid_preset_note.format(question=issue.question_id, problem=issue.message))
        if notes:
            from famsupport_cli.io import display

            for text in notes:
                display.note(text)
    else:
        asker = NoInputAsker()
    outcome = walk(checklist, presets.answers, asker, lambda answers: evaluate(bundle, checklist, answers))
    if outcome.missing or (presets.issues and not options.interactive):
        _fail_on_problems(options, checklist, presets, outcome.missing)
    for question_id in presets.answers:
        if question_id not in outcome.answers:
            notes.append(bundle.ui.skipped_answer_note.format(question=question_id))
    result = evaluate(bundle, checklist, outcome.answers)
    notes += _privacy_notes(bundle, checklist, result)
    meta = summary.Meta(__version__, bundle.language, when.isoformat(), options.command)
    text = summary.to_json(result, meta) if options.output_format == "json" else summary.to_markdown(result, bundle, meta)
    report = RunReport(text, result, bundle, notes=notes)
    if target is not None:
        writer.write_private(target, text, force=options.force)
        report.saved_to = target
    elif options.output is None:
        suffix = ".json" if options.output_format == "json" else ".md"
        stem = f"{when.strftime('%Y-%m-%d-%H%M%S')}-{checklist.id}"
        report.saved_to = writer.write_new_in(paths.summaries_dir(), stem, suffix, text)
    return report


def resolve_date(given: str | None) -> datetime:
    """--date, else SOURCE_DATE_EPOCH (for reproducible output), else now."""
    if given:
        try:
            moment = datetime.fromisoformat(given)
        except ValueError:
            raise invalid_input(
                f"--date '{given}' is not a date.", hint="Use ISO 8601, e.g. 2026-11-21 or 2026-11-21T09:30:00+01:00."
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise invalid_input(f"SOURCE_DATE_EPOCH '{epoch}' is not a number of seconds since 1970.") from None
    return datetime.now().astimezone().replace(microsecond=0)


def _terminal_asker(bundle: Bundle, *, plain: bool) -> Asker:
    from famsupport_cli.io.prompts import PlainAsker, TerminalAsker

    return PlainAsker(bundle) if plain else TerminalAsker(bundle)


def read_text_file(path: Path, what: str) -> str:
    try:
        if path.is_dir():
            raise invalid_input(f"{path} is a folder; the {what} must be a file.")
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise invalid_input(f"The {what} {path} does not exist.", hint="Check the path.") from None
    except UnicodeDecodeError:
        raise invalid_input(f"The {what} {path} is not UTF-8 text.", hint="Save it as UTF-8 YAML or JSON.") from None
    except OSError as error:
        raise invalid_input(f"Cannot read the {what} {path}: {error.strerror or error}.") from None


def _presets(options: RunOptions, checklist: Checklist) -> Presets:
    if options.answers_file is None:
        return Presets()
    text = read_text_file(options.answers_file, "answers file")
    return read_presets(text, str(options.answers_file), checklist)


def _prefill_from_summary(path: Path, checklist: Checklist, presets: Presets) -> None:
    """`--after SUMMARY.md`: take the session's format from a decide summary's front matter."""
    from famsupport_cli.content import yamlfile

    text = read_text_file(path, "summary")
    if path.suffix == ".json":
        from famsupport_cli.core.presets import parse_answers_text

        data, _ = parse_answers_text(text, str(path))
    else:
        parts = text.split("\n---", 1) if text.startswith("---") else []
        data = yamlfile.parse(parts[0].removeprefix("---"), str(path)).data if parts else None
    if not isinstance(data, dict) or data.get("kind") != "decide" or "final_format" not in data:
        raise invalid_input(
            f"{path} is not a famsupport decide summary.", hint="Pass the Markdown or JSON file that `famsupport decide` wrote."
        )
    question_id = checklist.after_question
    if question_id is None:
        raise invalid_input(f"The {checklist.id} checklist does not take --after.")
    if question_id in presets.answers:
        return
    question = next(q for q in checklist.questions() if q.id == question_id)
    try:
        value = coerce(question, data["final_format"])
    except AnswerProblem as problem:
        raise invalid_input(f"{path}: its format '{data['final_format']}' does not fit '{question_id}': {problem.message}.") from None
    if value is not None:
        presets.answers[question_id] = value


def _fail_on_problems(options: RunOptions, checklist: Checklist, presets: Presets, missing: list[Question]) -> None:
    name = str(options.answers_file) if options.answers_file else "(no answers file)"
    details = [issue.describe(name) for issue in presets.issues]
    reported = {issue.question_id for issue in presets.issues}
    for question in (q for q in missing if q.id not in reported):
        issue = AnswerIssue(question.id, f'no answer given ("{question.prompt}")', allowed_text(question), presets.lines.get(question.id))
        details.append(issue.describe(name))
    if details:
        count = len(details)
        raise invalid_input(
            f"{count} answer{'s are' if count != 1 else ' is'} missing or invalid, and no questions can be asked here.",
            details=details,
            hint=f"Fill them in (`famsupport template {checklist.id}` prints every question), or run in a terminal without --no-input.",
        )


def _privacy_notes(bundle: Bundle, checklist: Checklist, result: Result) -> list[str]:
    return [
        bundle.ui.privacy_warning.format(question=question.id)
        for question in checklist.questions()
        if question.type == "text"
        and isinstance(result.answers.get(question.id), str)
        and looks_identifying(str(result.answers[question.id]))
    ]


__all__ = ["FamsupportError", "RunOptions", "RunReport", "run_checklist"]
