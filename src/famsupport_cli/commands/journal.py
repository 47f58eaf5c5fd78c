"""The practitioner's journal: history, show, config, wellbeing and drafts.

Everything here reads or changes what famsupport keeps in the famsupport folder
(`$FAMSUPPORT_HOME`): the summaries, the wellbeing agreements and the drafts of
interrupted walks. Data goes to stdout (tables, JSON, paths), messages to stderr.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from famsupport_cli.app import ContentOption, LangOption, ListFormat, app, load_content, resolve_language, user_errors
from famsupport_cli.messages import Text

if TYPE_CHECKING:
    from datetime import datetime

    from famsupport_cli.content.bundle import Bundle
    from famsupport_cli.io.journal import Entry


FormatOption = Annotated[ListFormat, typer.Option("--format", "-f", help="text (a table) or json.")]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="DATE",
        help="Take this as now (ISO 8601), e.g. to look back from a given day. Default: now, or SOURCE_DATE_EPOCH.",
    ),
]

config_app = typer.Typer(
    help="Your wellbeing agreements: the most sessions a day, your working hours. Kept in config.yaml in your famsupport folder.",
    no_args_is_help=True,
)
app.add_typer(config_app, name="config")
drafts_app = typer.Typer(
    help="Drafts of interrupted walks: without a command, list them (checklist, when saved, how many answers); "
    "`clear` removes them. Continue one with `famsupport decide --resume`."
)
app.add_typer(drafts_app, name="drafts")


def _write_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _shown_date(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else "?"


# --- history ---------------------------------------------------------------------------------


def _since(given: str) -> tuple[Any, bool]:
    """--since as a date (whole days) or a moment; invalid input otherwise."""
    from datetime import date, datetime

    from famsupport_cli.core.wellbeing import as_utc_if_naive
    from famsupport_cli.errors import invalid_input

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
    return ", ".join(entry.recommendations) or "-"


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
        from rich.markup import escape
        from rich.table import Table

        from famsupport_cli.io import display, journal

        bounds = _since(since) if since else (None, False)
        everything = journal.entries()
        shown = [(n, e) for n, e in enumerate(everything, start=1) if _matches(e, bounds[0], bounds[1], kind)]
        if output_format is ListFormat.json:
            _write_json([_entry_data(number, entry) for number, entry in shown])
            return
        bundle = load_content(content, lang)
        ui = bundle.ui
        _note_loose_permissions(bundle)
        if not shown:
            display.note(ui.journal_empty.format(folder=journal.journal_dir()) if not everything else ui.journal_none_match)
            return
        table = Table(box=None, pad_edge=False, show_edge=False)
        table.add_column("#", justify="right")
        table.add_column(escape(ui.journal_date), no_wrap=True)
        table.add_column(escape(ui.journal_kind))
        table.add_column(escape(ui.journal_result), overflow="fold")
        table.add_column(escape(ui.journal_file), overflow="fold")
        for number, entry in shown:
            style = "bold red" if entry.problem else None
            table.add_row(
                str(number),
                _shown_date(entry.date),
                escape(entry.kind or "?"),
                escape(_result_text(entry, bundle)),
                escape(str(entry.path)),
                style=style,
            )
        display.out_console().print(table)


# --- show ------------------------------------------------------------------------------------


def _find_summary(item: str) -> Path:
    """ITEM: a path, a file name in the journal, or the number from `famsupport history`."""
    from famsupport_cli.errors import invalid_input
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
    item: Annotated[str, typer.Argument(help="A summary: its path, its file name in the journal, or its number in `famsupport history`.")],
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Show one summary from your journal (rendered, with a pager, on a terminal; as it is otherwise).

    Example: famsupport show 1
    """
    with user_errors():
        from famsupport_cli.io import display, journal
        from famsupport_cli.runner import read_text_file

        resolve_language(lang, content)  # the language of its messages

        path = _find_summary(item)
        text = read_text_file(path, Text("what_summary"))
        entry = journal.read_entry(path)
        if entry.problem is not None:
            display.note(str(Text("not_a_readable_summary", path=path, problem=entry.problem)))
        if not sys.stdout.isatty():
            sys.stdout.write(text)
            return
        _page(path, text, entry)


def _page(path: Path, text: str, entry: Entry) -> None:
    from rich.markdown import Markdown
    from rich.markup import escape
    from rich.syntax import Syntax

    from famsupport_cli.io.display import out_console

    os.environ.setdefault("LESS", "-FRX")  # as git does: colours shown, no pager for a short text
    console = out_console()
    body: Any
    if path.suffix == ".json":
        body = Syntax(text, "json", word_wrap=True, background_color="default")
    else:
        closing = text.find("\n---\n", 3) if text.startswith("---\n") else -1
        body = Markdown(text[closing + 5 :] if closing >= 0 and entry.problem is None else text)
    with console.pager(styles=True):
        console.print(f"[dim]{escape(str(path))} · {escape(_shown_date(entry.date))} · {escape(entry.kind or '?')}[/dim]\n")
        console.print(body)


# --- wellbeing -------------------------------------------------------------------------------


def _agreements(bundle: Bundle, settings: dict[str, Any]) -> list[dict[str, Any]]:
    from famsupport_cli.core import wellbeing

    checklists = [bundle.checklists[name] for name in sorted(bundle.checklists, key=lambda n: (n != wellbeing.SESSION_KIND, n))]
    return [
        {"key": key, "value": found.value, "origin": found.origin}
        for key in wellbeing.SETTINGS
        for found in [wellbeing.agreement(checklists, key, settings)]
    ]


def _agreements_table(bundle: Bundle, agreements: list[dict[str, Any]]) -> Any:
    from rich.markup import escape
    from rich.table import Table

    from famsupport_cli.core import wellbeing

    ui = bundle.ui
    names = {wellbeing.MAX_SESSIONS_KEY: ui.agreement_max_sessions, wellbeing.WORKING_HOURS_KEY: ui.agreement_working_hours}
    origins = {"config": ui.agreement_from_config, "content": ui.agreement_from_content}
    table = Table(title=escape(ui.wellbeing_agreements), title_justify="left", box=None, pad_edge=False, show_edge=False)
    table.add_column(escape(ui.agreement_setting))
    table.add_column(escape(ui.agreement_value))
    table.add_column(escape(ui.agreement_origin))
    for item in agreements:
        value = ui.agreement_not_set if item["value"] is None else str(item["value"])
        origin = origins.get(item["origin"] or "", ui.agreement_nowhere.format(key=item["key"]))
        table.add_row(f"{escape(names.get(item['key'], item['key']))} [dim]({escape(item['key'])})[/dim]", escape(value), escape(origin))
    return table


@app.command("wellbeing")
def wellbeing_command(
    days: Annotated[
        int, typer.Option("--days", "-d", metavar="DAYS", min=1, max=366, help="How many days to look back, today included.")
    ] = 7,
    output_format: FormatOption = ListFormat.text,
    date: DateOption = None,
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Your last days: sessions prepared per day against your agreed maximum, those outside your agreed hours, and the agreements.

    Example: famsupport wellbeing --days 14
    """
    with user_errors():
        from datetime import timedelta

        from rich.markup import escape
        from rich.table import Table

        from famsupport_cli.core import wellbeing
        from famsupport_cli.io import config, display, journal
        from famsupport_cli.runner import resolve_date

        when = resolve_date(date)
        bundle = load_content(content, lang)
        settings = config.read_settings()
        agreements = _agreements(bundle, settings)
        agreed = {item["key"]: item["value"] for item in agreements}
        maximum = agreed.get(wellbeing.MAX_SESSIONS_KEY)
        hours = wellbeing.parse_working_hours(agreed[wellbeing.WORKING_HOURS_KEY]) if agreed.get(wellbeing.WORKING_HOURS_KEY) else None
        prepared = journal.prepared_between(wellbeing.SESSION_KIND, when.date() - timedelta(days=days - 1), when.date())
        counted = wellbeing.last_days(prepared, when, days, hours)
        if output_format is ListFormat.json:
            _write_json({
                "date": when.isoformat(),
                "days": [
                    {
                        "date": day.day.isoformat(),
                        "sessions": day.sessions,
                        "outside_working_hours": day.outside_hours if hours is not None else None,
                        "max_sessions_per_day": maximum,
                        "maximum_reached": isinstance(maximum, int) and day.sessions >= maximum,
                    }
                    for day in counted
                ],
                "agreements": {item["key"]: {"value": item["value"], "origin": item["origin"]} for item in agreements},
            })  # fmt: skip
            return
        ui = bundle.ui
        table = Table(title=escape(ui.wellbeing_title.format(days=days)), title_justify="left", box=None, pad_edge=False, show_edge=False)
        table.add_column(escape(ui.wellbeing_day), no_wrap=True)
        table.add_column(escape(ui.wellbeing_sessions), justify="right")
        table.add_column("", no_wrap=True)
        table.add_column(escape(ui.wellbeing_outside_hours), justify="right")
        for day in counted:
            ceiling = f" / {maximum}" if isinstance(maximum, int) else ""
            table.add_row(
                f"{day.day.isoformat()} {day.day:%a}",
                f"{day.sessions}{ceiling}",
                _bar(day.sessions, maximum if isinstance(maximum, int) else None),
                str(day.outside_hours) if hours is not None else "-",
            )
        console = display.out_console()
        console.print(table)
        console.print()
        console.print(_agreements_table(bundle, agreements))


def _bar(sessions: int, maximum: int | None) -> str:
    """A small bar: one block per session, dots up to the maximum, blocks past it in red."""
    if maximum is None:
        return "█" * sessions
    within = min(sessions, maximum)
    over = max(0, sessions - maximum)
    colour = "yellow" if sessions == maximum else "green"
    bar = f"[{colour}]{'█' * within}[/{colour}]" if within else ""
    bar += f"[dim]{'·' * (maximum - within)}[/dim]" if maximum > within else ""
    return bar + (f"[bold red]{'█' * over}[/bold red]" if over else "")


# --- config ----------------------------------------------------------------------------------


@config_app.command("set")
def config_set(
    key: Annotated[str, typer.Argument(help="max-sessions-per-day (1-20) or working-hours (e.g. 09:00-17:00).")],
    value: Annotated[str, typer.Argument(help="The value to agree on.")],
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Set one of your agreements, e.g. `famsupport config set max-sessions-per-day 4`.

    Example: famsupport config set working-hours 09:00-17:00
    """
    with user_errors():
        from famsupport_cli.io import config, display

        resolve_language(lang, content)
        checked = config.check_setting(key, value)
        settings = config.read_settings()
        settings[key] = checked
        path, tightened = config.write_settings(settings)
        for loose in tightened:
            display.note(str(Text("made_private", paths=loose)))
        display.note(str(Text("setting_saved", key=key, value=checked, path=path)))


@config_app.command("unset")
def config_unset(
    key: Annotated[str, typer.Argument(help="max-sessions-per-day or working-hours.")],
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Remove one of your agreements; the content's default (if any) applies again.

    Example: famsupport config unset working-hours
    """
    with user_errors():
        from famsupport_cli.core.wellbeing import SETTINGS
        from famsupport_cli.io import config, display

        resolve_language(lang, content)
        if key not in SETTINGS:
            raise config.unknown_setting(key)
        settings = config.read_settings()
        if settings.pop(key, None) is None:
            display.note(str(Text("setting_was_not_set", key=key)))
            return
        config.write_settings(settings)
        display.note(str(Text("setting_unset", key=key)))


@config_app.command("show")
def config_show(
    output_format: FormatOption = ListFormat.text,
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Show your agreements, and where each comes from (you, or the content's default).

    Example: famsupport config show --format json
    """
    with user_errors():
        from famsupport_cli.io import config, display

        bundle = load_content(content, lang)
        agreements = _agreements(bundle, config.read_settings())
        if output_format is ListFormat.json:
            data = {item["key"]: {"value": item["value"], "origin": item["origin"]} for item in agreements}
            _write_json({"file": str(config.config_path()), "settings": data})
            return
        display.out_console().print(_agreements_table(bundle, agreements))
        display.note(str(config.config_path()))


# --- drafts ----------------------------------------------------------------------------------


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
        from rich.markup import escape
        from rich.table import Table

        from famsupport_cli.io import display, drafts

        found = drafts.all_drafts()
        if output_format is ListFormat.json:
            _write_json([
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
        table = Table(box=None, pad_edge=False, show_edge=False)
        for heading in (ui.drafts_checklist, ui.drafts_saved, ui.drafts_answers, ui.journal_file):
            table.add_column(escape(heading))
        for draft in found:
            count = ui.drafts_damaged.format(problem=draft.problem) if draft.problem else str(len(draft.answers))
            table.add_row(
                escape(draft.checklist),
                escape(draft.saved or "?"),
                escape(count),
                escape(str(draft.path)),
                style="bold red" if draft.problem else None,
            )
        display.out_console().print(table)


@drafts_app.command("clear")
def drafts_clear(
    checklist: Annotated[str | None, typer.Argument(help="Only this checklist's draft (decide, reflect...). Default: every draft.")] = None,
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
            typer.echo(str(path))
        if not removed:
            display.note(str(Text("no_draft_of_checklist_to_remove", checklist=checklist) if checklist else Text("no_drafts_to_remove")))
