"""Running a checklist end to end: the glue between the pure core and the edges.

The same function serves `decide` and `reflect` (and any checklist a content pack
adds): load content, read the answers file (and a draft, with --resume), work out the
checklist's facts (the journal, the practitioner's agreements, the time), walk, evaluate,
render, write. An interactive walk keeps its answers as a draft after every answer.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

from famsupport_cli import __version__, safefile
from famsupport_cli.content import yamlfile
from famsupport_cli.content.bundle import Bundle
from famsupport_cli.content.models import Checklist, Question
from famsupport_cli.core import casenote, summary, supervision, wellbeing
from famsupport_cli.core.answers import AnswerProblem, allowed_text, coerce
from famsupport_cli.core.conditions import AnswerValue
from famsupport_cli.core.engine import Result, evaluate
from famsupport_cli.core.presets import AnswerIssue, Presets, parse_answers_text, read_answers_text, read_presets
from famsupport_cli.core.privacy import looks_identifying
from famsupport_cli.core.walk import Asker, NoInputAsker, WalkOutcome, walk
from famsupport_cli.errors import FamsupportError, invalid_input
from famsupport_cli.io import config, display, drafts, journal, paths, writer
from famsupport_cli.io.prompts import PlainAsker, TerminalAsker
from famsupport_cli.messages import Number, Text
from famsupport_cli.render.safe import line, stripped
from famsupport_cli.render.when import shown_saved

OutputFormat = Literal["markdown", "json"]
Detail = Literal["note", "full"]


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class RunOptions:
    """What the command line asked of one run of a checklist."""

    checklist_id: str
    answers_file: Path | None = None
    interactive: bool = False
    plain: bool = False
    output: str | None = None  # None: the famsupport folder; "-": stdout
    output_format: OutputFormat = "markdown"
    force: bool = False
    date: str | None = None
    after: Path | None = None
    # The command line, shown on the terminal (how to resume a draft); never written into a file.
    command: str = ""
    # The names of the options given, which the document records instead of their values.
    options_used: tuple[str, ...] = ()
    detail: Detail = "note"  # the case note or supervision record; "full": the whole preparation sheet
    case_ref: str | None = None  # a non-identifying case reference, recorded in the document
    session_date: str | None = None  # the planned session date (ISO), recorded in the document
    resume: bool = False  # continue from the draft of an interrupted walk
    # Use this practitioner's journal and agreements (facts). Group runs and trainings do not:
    # their summaries must depend only on the answers, the content and the date.
    personal: bool = True
    # Flush each summary to disk before returning. A batch writes many and flushes once at the end.
    durable: bool = True


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class RunReport:
    """What a run produced: the document's text, the result behind it, and where it was saved."""

    text: str
    result: Result
    bundle: Bundle
    saved_to: Path | None
    notes: list[str]


def run_checklist(options: RunOptions, bundle: Bundle) -> RunReport:
    checklist = bundle.checklist(options.checklist_id)
    when = resolve_date(options.date)
    case_ref = checked_case_ref(options.case_ref, bundle)
    session_date = checked_session_date(options.session_date, bundle)
    target = writer.output_target(options.output) if options.output not in (None, "-") else None
    if target is not None:
        writer.check_target(target, force=options.force)  # before any question is asked
    settings = config.read_settings() if checklist.facts and options.personal else {}
    checklist = wellbeing.with_agreed_defaults(checklist, settings)
    facts = _facts(checklist, when, settings) if options.personal else {}
    presets = _presets(options, checklist)
    notes: list[str] = []
    say = _say if options.interactive else notes.append  # said at once on a terminal, with the notes otherwise
    resumed = _resume(checklist, presets, bundle, say) if options.resume else None
    after = _prefill_from_summary(options.after, checklist, presets) if options.after is not None else None
    asker = _asker(options, bundle, presets)
    for text in _heads_up(bundle, checklist, facts):
        say(text)
    keeper = _DraftKeeper(bundle, checklist, _resume_command(options), resumed) if options.interactive else None
    if keeper is not None and resumed is None:
        _mention_existing_draft(bundle, checklist, keeper.command, say)
    outcome = _walk(bundle, checklist, presets, asker, facts, keeper)
    if outcome.missing or (presets.issues and not options.interactive):
        _fail_on_problems(options, checklist, presets, outcome.missing)
    for question_id in presets.answers:
        if question_id not in outcome.answers:
            notes.append(bundle.ui.skipped_answer_note.format(question=question_id))
    result = evaluate(bundle, checklist, outcome.answers, facts)
    if not options.interactive:  # an interactive walk warned right after the answer and again on the review
        notes += _privacy_notes(bundle, checklist, result)
    notes += _cleaned_notes(bundle, checklist, result)
    meta = summary.Meta(
        tool_version=__version__,
        language=bundle.language,
        date=when.isoformat(),
        options=options.options_used,
        detail=options.detail,
        case_ref=case_ref,
        session_date=session_date,
        after=after,
    )
    text = render_document(result, bundle, meta, output_format=options.output_format)
    saved_to = _write(text, bundle, options, target, f"{when.strftime('%Y-%m-%d-%H%M%S')}-{checklist.id}", notes)
    if resumed is not None or (keeper is not None and keeper.path is not None):
        drafts.remove(checklist.id)  # the summary is written: the draft has done its job
    return RunReport(text=text, result=result, bundle=bundle, saved_to=saved_to, notes=notes)


def render_document(result: Result, bundle: Bundle, meta: summary.Meta, *, output_format: OutputFormat = "markdown") -> str:
    """The document for the chosen detail: the data (always complete), the full sheet, or the short one.

    The short one is a case note for a checklist that decides a format, else a supervision record.
    """
    if output_format == "json":
        return summary.to_json(result, meta)
    if meta.detail == "full":
        return summary.to_markdown(result, bundle, meta)
    if result.checklist.decision is not None:
        return casenote.case_note(result, bundle, meta)
    return supervision.supervision_record(result, bundle, meta)


def checked_case_ref(given: str | None, bundle: Bundle) -> str | None:
    """--case-ref, refused before anything is asked or written if it could identify someone or holds control characters."""
    if given is None or not given.strip():
        return None
    if stripped(given) != given or "\n" in given or "\t" in given:
        raise invalid_input(bundle.ui.case_ref_unsafe)
    if looks_identifying(given):
        raise invalid_input(bundle.ui.case_ref_identifying)
    return given.strip()


def checked_session_date(given: str | None, bundle: Bundle) -> str | None:
    """--session-date as an ISO date (YYYY-MM-DD)."""
    if given is None:
        return None
    try:
        return date.fromisoformat(given.strip()).isoformat()
    except ValueError:
        raise invalid_input(bundle.ui.session_date_invalid.format(given=line(given))) from None


def _cleaned_notes(bundle: Bundle, checklist: Checklist, result: Result) -> list[str]:
    """Control characters, escape sequences and bidi overrides typed into free text are left out of every document: say so."""
    return [
        bundle.ui.free_text_cleaned.format(question=question.prompt)
        for question in checklist.questions()
        if question.type == "text" and isinstance(value := result.answers.get(question.id), str) and stripped(value) != value
    ]


def _asker(options: RunOptions, bundle: Bundle, presets: Presets) -> Asker:
    if not options.interactive:
        return NoInputAsker()
    for issue in presets.issues:  # said now, once (not again with the notes): the walk asks these questions again
        _say(bundle.ui.invalid_preset_note.format(question=issue.question_id, problem=issue.message))
    return _terminal_asker(bundle, plain=options.plain)


def _walk(
    bundle: Bundle, checklist: Checklist, presets: Presets, asker: Asker, facts: Mapping[str, AnswerValue], keeper: _DraftKeeper | None
) -> WalkOutcome:
    """The walk; when it is interrupted after an answer, say that the draft is kept and how to resume."""
    try:
        return walk(
            checklist,
            presets.answers,
            asker,
            lambda answers: evaluate(bundle, checklist, answers, facts),
            facts=facts,
            on_answer=keeper,
        )
    except KeyboardInterrupt:
        if keeper is not None and keeper.path is not None:
            raise drafts.DraftKept(keeper.interrupted_note()) from None
        raise
    except FamsupportError as problem:
        if keeper is not None and keeper.path is not None:  # e.g. the input ended: the draft is still there
            kept = keeper.bundle.ui.draft_kept_hint.format(count=keeper.count, path=keeper.path, command=keeper.command)
            problem.hint = f"{problem.hint} {kept}" if problem.hint else kept
        raise


def _write(text: str, bundle: Bundle, options: RunOptions, target: Path | None, stem: str, notes: list[str]) -> Path | None:
    """To --output, or into the journal (made private first); where it went (None for stdout)."""
    if target is not None:
        writer.write_private(target, text, force=options.force, durable=options.durable)
        return target
    if options.output is None:
        suffix = ".json" if options.output_format == "json" else ".md"
        for path in journal.secure_home("summaries"):
            notes.append(bundle.ui.permissions_tightened.format(path=path))
        return writer.write_new_in(paths.summaries_dir(), stem, suffix, text)
    return None


def _say(text: str) -> None:
    display.note(text)


# --- facts and wellbeing ---------------------------------------------------------------


def note_uncounted(entry: journal.Entry) -> None:
    """A summary in the journal that is not counted among the sessions prepared, and why."""
    _say(str(Text("not_a_readable_summary", path=entry.path, problem=entry.problem or "?")))


def _facts(checklist: Checklist, when: datetime, settings: Mapping[str, wellbeing.SettingValue]) -> dict[str, AnswerValue]:
    """The values of the facts the checklist declares: from the journal, the agreements and the run's time."""
    if not checklist.facts:
        return {}
    counted = any(fact.id == wellbeing.SESSIONS_PREPARED_TODAY for fact in checklist.facts)
    prepared = journal.prepared_between(wellbeing.SESSION_KIND, when.date(), when.date(), on_uncounted=note_uncounted) if counted else []
    return wellbeing.compute_facts(checklist, when, settings, prepared)


def _heads_up(bundle: Bundle, checklist: Checklist, facts: Mapping[str, AnswerValue]) -> list[str]:
    """What the facts alone already say (today's maximum reached, outside the agreed hours), said before the first question."""
    if not facts:
        return []
    early = wellbeing.fact_only_rules(checklist)
    result = evaluate(bundle, checklist, {}, facts)
    return [
        bundle.ui.wellbeing_heads_up.format(title=finding.title.rstrip("."), text=finding.text)
        for findings in result.findings.values()
        for finding in findings
        if finding.rule_id in early
    ]


# --- drafts ----------------------------------------------------------------------------


class _DraftKeeper:
    """Called by the walk after every answer: keeps the answers so far as the checklist's draft."""

    def __init__(self, bundle: Bundle, checklist: Checklist, command: str, resumed: drafts.Draft | None = None) -> None:
        self.bundle, self.checklist, self.command = bundle, checklist, command
        self.path: Path | None = resumed.path if resumed is not None else None
        self.count = len(resumed.answers) if resumed is not None else 0
        self.failed = False

    def __call__(self, answers: dict[str, AnswerValue]) -> None:
        try:
            # The draft file names no path: the command to continue it, without the command line's values.
            written = f"famsupport {self.checklist.id} --resume"
            self.path, tightened = drafts.save(self.checklist.id, self.checklist.version, answers, written)
        except FamsupportError as problem:  # the draft is a safety net: the walk goes on without it
            if not self.failed:
                _say(self.bundle.ui.draft_not_saved.format(problem=problem.message))
            self.failed = True
            return
        self.count = len(answers)
        for path in tightened:
            _say(self.bundle.ui.permissions_tightened.format(path=path))

    def interrupted_note(self) -> str:
        return self.bundle.ui.draft_kept.format(count=self.count, path=self.path, command=self.command)


def _resume_command(options: RunOptions) -> str:
    """The command that continues this walk: the same one, with --resume."""
    command = options.command or f"famsupport {options.checklist_id}"
    return command if "--resume" in command.split() else f"{command} --resume"


def _mention_existing_draft(bundle: Bundle, checklist: Checklist, command: str, say: Callable[[str], None]) -> None:
    existing = drafts.read(checklist.id)
    if existing is None:
        return
    if existing.problem is not None:
        say(bundle.ui.draft_damaged_replaced.format(path=existing.path, problem=existing.problem))
    else:
        say(bundle.ui.draft_exists.format(saved=shown_saved(existing.saved), count=len(existing.answers), command=command))


def _resume(checklist: Checklist, presets: Presets, bundle: Bundle, say: Callable[[str], None]) -> drafts.Draft:
    """Lay the draft's answers under the answers file's (the file wins); a damaged draft is an error."""
    draft = drafts.read(checklist.id)
    if draft is None:
        raise invalid_input(
            Text("no_draft_to_resume", checklist=checklist.id, folder=drafts.drafts_dir()),
            hint=Text("no_draft_to_resume_hint", checklist=checklist.id),
        )
    clear_hint = Text("draft_clear_hint", checklist=checklist.id)
    if draft.problem is not None:
        raise invalid_input(Text("draft_unusable", path=draft.path, problem=draft.problem.rstrip(".")), hint=clear_hint)

    kept = read_presets(draft.answers, str(draft.path), checklist)  # checked exactly like an answers file
    if kept.issues:
        issues = [dataclasses.replace(issue, line=draft.lines.get(issue.question_id, issue.line)) for issue in kept.issues]
        raise invalid_input(
            Text("draft_answers_do_not_fit", path=draft.path, count=len(issues), checklist=checklist.id),
            details=[issue.describe(str(draft.path)) for issue in issues],
            hint=clear_hint,
        )
    if draft.content_version and draft.content_version != checklist.version:
        say(bundle.ui.draft_other_content_version.format(saved_version=draft.content_version, version=checklist.version))
    from_file = set(presets.answers) | {issue.question_id for issue in presets.issues}
    replaced = [qid for qid, value in kept.answers.items() if qid in from_file and presets.answers.get(qid) != value]
    say(bundle.ui.draft_resumed.format(saved=shown_saved(draft.saved), count=len(kept.answers)))
    if replaced:
        say(bundle.ui.draft_replaced_by_answers.format(questions=", ".join(replaced)))
    presets.answers = {**{qid: v for qid, v in kept.answers.items() if qid not in from_file}, **presets.answers}
    return draft


def resolve_date(given: str | None) -> datetime:
    """--date, else SOURCE_DATE_EPOCH (for reproducible output), else now."""
    if given:
        try:
            moment = datetime.fromisoformat(given)
        except ValueError:
            raise invalid_input(Text("not_a_date", given=given), hint=Text("not_a_date_hint")) from None
        if not wellbeing.within_reach(moment):
            raise invalid_input(Text("date_option_out_of_reach", given=given, first=wellbeing.EARLIEST_YEAR, last=wellbeing.LATEST_YEAR))
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            moment = datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise invalid_input(Text("bad_source_date_epoch", value=epoch)) from None
        if not wellbeing.within_reach(moment):
            raise invalid_input(Text("bad_source_date_epoch", value=epoch))
        return moment
    return datetime.now().astimezone().replace(microsecond=0)


def _terminal_asker(bundle: Bundle, *, plain: bool) -> Asker:
    return PlainAsker(bundle) if plain else TerminalAsker(bundle)


def read_text_file(path: Path, what: str | Text, *, own: bool = False) -> str:
    """A file the user named, as text; `what` names it in messages (e.g. Text("what_answers_file")).

    `-` is standard input. Only a regular file is read, at most safefile's limit (see safefile.py).
    An `own` file (one in the journal) is read as famsupport reads its own files, as `history`
    reads it: no link followed, and refused (UnsafeFile) if another user owns it or could change it."""
    try:
        if str(path) == "-":
            return safefile.read_stdin_text()
        if path.is_dir():
            raise invalid_input(Text("path_is_folder_not_file", path=path, what=what))
        if own:
            raw = paths.read_own_file(path, limit=safefile.DEFAULT_LIMIT)
            if raw is None:
                raise FileNotFoundError(path)
            return raw.decode("utf-8")
        return safefile.read_text(path)
    except safefile.RefusedFile as error:
        raise invalid_input(Text("cannot_read_file", what=what, path=path, reason=error.reason)) from None
    except FileNotFoundError:
        raise invalid_input(Text("path_missing", what=what, path=path), hint=Text("check_the_path")) from None
    except UnicodeDecodeError:
        raise invalid_input(Text("not_utf8", what=what, path=path), hint=Text("save_as_utf8")) from None
    except OSError as error:
        raise invalid_input(Text("cannot_read_file", what=what, path=path, reason=error.strerror or error)) from None


def _presets(options: RunOptions, checklist: Checklist) -> Presets:
    if options.answers_file is None:
        return Presets()
    text = read_text_file(options.answers_file, Text("what_answers_file"))
    return read_answers_text(text, str(options.answers_file), checklist)


def _prefill_from_summary(path: Path, checklist: Checklist, presets: Presets) -> dict[str, str]:
    """`--after SUMMARY.md`: take the session's format from a decide summary's front matter.

    What links the two documents: the decide note's kind, date and format, never its path."""
    text = read_text_file(path, Text("what_summary"))
    if path.suffix == ".json":
        data, _ = parse_answers_text(text, str(path))
    else:
        document = yamlfile.parse_front_matter(text, str(path))
        data = document.data if document is not None else None
    if not isinstance(data, dict) or data.get("kind") != "decide" or "final_format" not in data:
        raise invalid_input(Text("not_a_decide_summary", path=path), hint=Text("not_a_decide_summary_hint"))
    question_id = checklist.after_question
    if question_id is None:
        raise invalid_input(Text("no_after_option", checklist=checklist.id))
    question = next(q for q in checklist.questions() if q.id == question_id)
    try:  # checked even when the answers give the format: the record quotes the note's, never a file's own words
        value = coerce(question, data["final_format"])
    except AnswerProblem as problem:
        raise invalid_input(
            Text("after_format_does_not_fit", path=path, value=data["final_format"], question=question_id, problem=problem.message)
        ) from None
    day = str(data.get("date", ""))[:10]
    if not _DAY.fullmatch(day):  # every decide summary is dated; the record names the day, never other words
        raise invalid_input(Text("not_a_decide_summary", path=path), hint=Text("not_a_decide_summary_hint"))
    link = {"kind": "decide", "date": day, "format": str(value or "")}
    if value is not None and question_id not in presets.answers:
        presets.answers[question_id] = value
    return link


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _fail_on_problems(options: RunOptions, checklist: Checklist, presets: Presets, missing: list[Question]) -> None:
    name = str(options.answers_file) if options.answers_file else str(Text("no_answers_file"))
    details = [issue.describe(name) for issue in presets.issues]
    reported = {issue.question_id for issue in presets.issues}
    for question in (q for q in missing if q.id not in reported):
        issue = AnswerIssue(
            question_id=question.id,
            message=str(Text("no_answer_given", prompt=question.prompt)),
            allowed=allowed_text(question),
            line=presets.lines.get(question.id),
        )
        details.append(issue.describe(name))
    if details:
        hint = Text("answers_problems_hint", checklist=checklist.id)
        # All the details: display.error lists the first ones and counts the rest.
        raise invalid_input(Text("answers_problems", count=Number(len(details))), details=details, hint=hint)


def _privacy_notes(bundle: Bundle, checklist: Checklist, result: Result) -> list[str]:
    return [
        bundle.ui.privacy_warning.format(question=question.prompt)
        for question in checklist.questions()
        if question.type == "text"
        and isinstance(result.answers.get(question.id), str)
        and looks_identifying(str(result.answers[question.id]))
    ]


__all__ = ["FamsupportError", "RunOptions", "RunReport", "run_checklist"]
