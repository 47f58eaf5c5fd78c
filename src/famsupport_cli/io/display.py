"""Showing results and messages in the terminal (rich), always on stderr.

stdout is kept for data (a summary sent to `-`, JSON, a saved file's path), so
a trainer's script can capture it while the practitioner still sees everything.
Consoles are built lazily: rich costs import time, and NO_COLOR is read then.
Every text that may come from a file passes the one sanitiser (render/safe.py) here.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from famsupport_cli.errors import FamsupportError
from famsupport_cli.io.wrapping import fill, line_width
from famsupport_cli.messages import Number, Text
from famsupport_cli.render import safe
from famsupport_cli.render.safe import markup as escape  # every text below may come from a pack or an answers file

if TYPE_CHECKING:  # the content models and the engine load with the first command that needs content, not for --help
    from rich.console import Console

    from famsupport_cli.content.bundle import Bundle
    from famsupport_cli.content.models import Question
    from famsupport_cli.core.conditions import AnswerValue
    from famsupport_cli.core.engine import Result


def err_console() -> Console:
    from rich.console import Console

    # Narrower than the terminal by one column (and at most a readable measure), as every other line.
    return Console(stderr=True, highlight=False, soft_wrap=False, emoji=False, width=line_width())


def out_console() -> Console:
    from rich.console import Console

    return Console(highlight=False, emoji=False)  # no emoji codes: `:x:` in a file stays as typed


def printable(text: str) -> str:
    """Text from files may hold control characters; shown escaped, they cannot drive the terminal."""
    return safe.text(text)


LISTED_DETAILS = 30  # an error's details shown one by one; the rest are counted


def error(problem: FamsupportError, *, max_details: int = LISTED_DETAILS) -> None:
    """One clear message on stderr: what, each detail (at most `max_details`, the rest counted), what to do.

    Plain text: no markup surprises. On a terminal it is wrapped between words, as notes are; a
    detail's next lines stay under its text. (A file of 100,000 unknown keys once made an 8 MB message.)
    """
    details = problem.details
    lines = [str(Text("error_prefix", message=problem.message))]
    lines += [f"  - {detail}" for detail in details[:max_details]]
    if len(details) > max_details:
        lines.append(f"  - {Text('more_problems', count=Number(len(details) - max_details))}")
    if problem.hint:
        lines.append(str(Text("hint_prefix", hint=problem.hint)))
    sys.stderr.write(fill(printable("\n".join(lines)), hanging=2) + "\n")


def note(text: str, *, hanging: int = 0) -> None:
    """A message on stderr, wrapped between words to the width; what came from a file is made visible, never executed."""
    sys.stderr.write(fill(safe.text(text), hanging=hanging) + "\n")


def result(result: Result, bundle: Bundle) -> None:
    """The outcome at a glance: recommendation, reasons, and every list."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table

    from famsupport_cli.core.summary import after_label, display_value, outcome_label, reason_label

    console = err_console()
    ui = bundle.ui
    verdict = result.verdict
    if verdict is not None:
        checklist = result.checklist
        body = [f"[bold]{escape(ui.recommended)}: {escape(outcome_label(checklist, verdict.recommended))}[/bold]"]
        if verdict.overridden:
            body.append(f"[bold]{escape(ui.final_choice)}: {escape(outcome_label(checklist, verdict.final))}[/bold]")
        if verdict.preference is not None:
            question = next(q for q in checklist.questions() if q.id == verdict.preference.question_id)
            body.append(f"{escape(ui.preference)}: {escape(display_value(question, verdict.preference.value, bundle))}")
        reasons = Table.grid(padding=(0, 1))
        reasons.add_column(no_wrap=True)
        reasons.add_column()
        for reason in verdict.reasons:
            mark = {"red-flag": "!!", "fails": "-", "unsure": "?", "holds": "+"}[reason.kind]
            reasons.add_row(mark, f"[bold]{escape(reason_label(ui, reason))}[/bold]{escape(ui.colon)}{escape(reason.text)}")
        console.print(Panel(Group("\n".join(body), "", reasons), title=escape(ui.recommendation), expand=False))
    for finding_list in result.checklist.lists:
        findings = result.findings.get(finding_list.id, ())
        console.print(f"\n[bold underline]{escape(finding_list.title)}[/bold underline]")
        if not findings:
            console.print(f"  {escape(ui.nothing_in_list)}")
        for finding in findings:
            box = escape("[ ]") if finding_list.as_tasks else "•"
            why = f"[dim]{escape(ui.because)}{escape(ui.colon)}{escape(finding.because)}[/dim]"
            joined = escape(after_label(finding.title, ui.colon))
            console.print(_hanging(box, f"[bold]{escape(finding.title)}[/bold]{joined}{escape(finding.text)}\n{why}"))


def _hanging(marker: str, text: str) -> Any:
    """A list item whose wrapped lines stay under its text, not under its marker."""
    from rich.table import Table

    item = Table.grid(padding=(0, 1))
    item.add_column(no_wrap=True)
    item.add_column()
    item.add_row(f"  {marker}", text)
    return item


def reviewed_questions(answers: Mapping[str, AnswerValue], result: Result) -> list[Question]:
    """The questions the review lists: every one that applies, answered or left empty (so it can still be answered)."""
    from famsupport_cli.core.walk import visible_questions  # the content stack: not for --help

    return [question for _, question in visible_questions(result.checklist, answers, result.facts)]


def review_answer(question: Question, answers: Mapping[str, AnswerValue], bundle: Bundle) -> str:
    from famsupport_cli.core.summary import display_value

    return display_value(question, answers[question.id], bundle) if question.id in answers else bundle.ui.not_answered


def answers_table(answers: Mapping[str, AnswerValue], result: Result, bundle: Bundle) -> None:
    """All answers (from a file, a draft or typed) in a numbered table, for the review before the summary is written."""
    from rich.table import Table

    table = Table(title=escape(bundle.ui.review_title), show_lines=False, expand=False)
    table.add_column("#", justify="right")
    table.add_column(escape(bundle.ui.question))
    table.add_column(escape(bundle.ui.answer))
    for number, question in enumerate(reviewed_questions(answers, result), start=1):
        table.add_row(str(number), escape(question.prompt), escape(review_answer(question, answers, bundle)))
    err_console().print(table)
