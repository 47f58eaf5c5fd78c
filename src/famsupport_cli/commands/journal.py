"""The practitioner's journal: history (the summaries, newest first) and show (one of them).

Both read the summaries famsupport keeps in the famsupport folder (`$FAMSUPPORT_HOME`).
Data goes to stdout (tables, JSON, the summary), messages to stderr. The agreements, the
wellbeing view and the drafts are in commands/config.py and commands/drafts.py.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from famsupport_cli.app import ContentOption, LangOption, ListFormat, app, load_content, resolve_language, user_errors
from famsupport_cli.errors import invalid_input
from famsupport_cli.messages import Text
from famsupport_cli.render import safe
from famsupport_cli.render.markdown import page_summary

if TYPE_CHECKING:
    from famsupport_cli.content.bundle import Bundle
    from famsupport_cli.io.journal import Entry


FormatOption = Annotated[ListFormat, typer.Option("--format", "-f", metavar="FORMAT", help="text (a table) or json.")]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="DATE",
        help="Take this as now (ISO 8601), e.g. to look back from a given day. Default: now, or SOURCE_DATE_EPOCH.",
    ),
]


def write_json(data: Any) -> None:
    """JSON on stdout; what came from files (paths, checklists) cannot reach the terminal raw."""
    sys.stdout.write(safe.json_text(data))


def _since(given: str) -> tuple[Any, bool]:
    """--since as a date (whole days) or a moment; invalid input otherwise."""
    from famsupport_cli.core.wellbeing import as_utc_if_naive

    try:
        return date.fromisoformat(given), True
    except ValueError:
        pass
    try:
        return as_utc_if_naive(datetime.fromisoformat(given)), False
    except ValueError:
        raise invalid_input(Text("since_not_a_date", given=given), hint=Text("since_not_a_date_hint")) from None


def _matches(entry: Entry, since: Any, whole_days: bool, kind: str | None) -> bool:
    """A filter drops an entry only when it knows the entry does not match: damaged files stay listed."""
    from famsupport_cli.core.wellbeing import as_utc_if_naive

    if kind is not None and entry.kind is not None and entry.kind != kind:
        return False
    if since is not None and entry.date is not None:
        # Whole days compare with the date the summary recorded, as the practitioner saw it.
        return bool(entry.date.date() >= since if whole_days else as_utc_if_naive(entry.date) >= since)
    return True


def _result_text(entry: Entry, bundle: Bundle) -> str:
    ui = bundle.ui
    if entry.problem is not None:
        return ui.journal_damaged.format(problem=entry.problem)
    checklist = bundle.checklists.get(entry.kind or "")

    def label(value: str) -> str:
        outcomes = checklist.decision.outcomes if checklist is not None and checklist.decision is not None else []
        return next((outcome.label for outcome in outcomes if outcome.value == value), value)

    if entry.final_format is not None:
        text = label(entry.final_format)
        if entry.overridden and entry.recommendation:
            text += f" ({ui.journal_recommended_was.format(format=label(entry.recommendation))})"
        return text
    # A reflect summary records its recommendations by id: show their titles, as the summary does.
    titles = {recommendation.id: recommendation.title for recommendation in bundle.recommendations.recommendations}
    return "; ".join(titles.get(item, item) for item in entry.recommendations) or "-"


def _entry_data(number: int, entry: Entry) -> dict[str, Any]:
    return {
        "number": number,
        "date": entry.date.isoformat() if entry.date is not None else None,
        "kind": entry.kind,
        "recommendation": entry.recommendation,
        "final_format": entry.final_format,
        "overridden": entry.overridden,
        "recommendations": list(entry.recommendations),
        "path": str(entry.path),
        "problem": entry.problem,
    }


def _note_loose_permissions(bundle: Bundle) -> None:
    from famsupport_cli.io import display, journal

    for path in journal.loose_paths():
        display.note(bundle.ui.note.format(text=bundle.ui.permissions_loose.format(path=path)))


@app.command()
def history(
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="Only summaries from this date (or moment) on, e.g. 2026-11-01.")
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", metavar="CHECKLIST", help="Only this checklist: decide or reflect.")] = None,
    output_format: FormatOption = ListFormat.text,
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """List the summaries in your journal, newest first: date, checklist, recommendation and file.

    The number in the first column works with `famsupport show`.

    Example: famsupport history --since 2026-11-01 --kind decide
    """
    with user_errors():
        from famsupport_cli.io import display, journal
        from famsupport_cli.render import journal as shown_journal

        bounds = _since(since) if since else (None, False)
        everything = journal.entries()
        shown = [(n, e) for n, e in enumerate(everything, start=1) if _matches(e, bounds[0], bounds[1], kind)]
        if output_format is ListFormat.json:
            write_json([_entry_data(number, entry) for number, entry in shown])
            return
        bundle = load_content(content, lang)
        ui = bundle.ui
        _note_loose_permissions(bundle)
        if not shown:
            display.note(ui.journal_empty.format(folder=journal.journal_dir()) if not everything else ui.journal_none_match)
            return
        rows = [(n, e.date, e.kind or "?", _result_text(e, bundle), e.path.name, e.problem is not None) for n, e in shown]
        shown_journal.history(rows, str(journal.journal_dir()), ui)


def _find_summary(item: str) -> Path:
    """SUMMARY: a path, a file name in the journal, or the number from `famsupport history`."""
    from famsupport_cli.io import journal

    given = Path(item).expanduser()
    if given.is_file():
        return given
    if item.isdigit():
        everything = journal.entries()
        number = int(item)
        if 1 <= number <= len(everything):
            return everything[number - 1].path
        raise invalid_input(Text("no_summary_number", number=item, count=len(everything)), hint=Text("no_summary_number_hint"))
    in_journal = journal.journal_dir() / given.name
    if given.name == item and in_journal.is_file():
        return in_journal
    raise invalid_input(Text("no_such_summary", item=item, folder=journal.journal_dir()), hint=Text("no_such_summary_hint"))


@app.command()
def show(
    item: Annotated[
        str,
        typer.Argument(metavar="SUMMARY", help="A summary: its path, its file name in the journal, or its number in `famsupport history`."),
    ],
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Show one summary from your journal (rendered, with a pager, on a terminal; as it is otherwise).

    Example: famsupport show 1
    """
    with user_errors():
        from famsupport_cli.io import display, journal
        from famsupport_cli.render.when import shown_date
        from famsupport_cli.runner import read_text_file

        resolve_language(lang, content)  # the language of its messages

        path = _find_summary(item)
        in_journal = path.absolute().parent == journal.journal_dir().absolute()
        # A summary in the journal is read by the rules `history` reads it by; one you name elsewhere, as you name it.
        text = read_text_file(path, Text("what_summary"), own=in_journal)
        entry = journal.entry_from_text(path, text)
        if entry.problem is not None:
            display.note(str(Text("not_a_readable_summary", path=path, problem=entry.problem)))
        if not sys.stdout.isatty():
            sys.stdout.write(safe.stripped(text))  # as it is, minus what could drive a terminal
            return
        page_summary(f"{path} · {shown_date(entry.date)} · {entry.kind or '?'}", _body(text, entry), is_json=path.suffix == ".json")


def _body(text: str, entry: Entry) -> str:
    """A readable summary without its front matter (shown in the heading instead); a damaged one whole."""
    from famsupport_cli.content import yamlfile  # PyYAML: not for --help

    parts = yamlfile.split_front_matter(text)
    return parts[1] if parts is not None and entry.problem is None else text
