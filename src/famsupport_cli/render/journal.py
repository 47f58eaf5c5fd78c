"""The journal's views in the terminal: history, drafts, the wellbeing days and the agreements.

Every cell that came from a file (a journal entry's checklist and result, a draft's date,
a file name, a configured value) is sanitised by render/tables.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from famsupport_cli.io import display
from famsupport_cli.render import safe
from famsupport_cli.render.charts import sessions_bar
from famsupport_cli.render.tables import print_table, table
from famsupport_cli.render.when import shown_date, shown_saved

if TYPE_CHECKING:
    from datetime import date, datetime

    from rich.table import Table

    from famsupport_cli.content.ui import UiText
    from famsupport_cli.io.drafts import Draft


WHOLE_NAMES_FROM = 80  # columns


def history(rows: Sequence[tuple[int, datetime | None, str, str, str, bool]], folder: str, ui: UiText) -> None:
    """(number, date, checklist, result, file name, damaged) for each summary, damaged ones in red; then their folder.

    The folder is named once, under the table, so that a file's column holds its name: a whole
    path took four lines of every row at 80 columns.
    """
    headers = ("#", ui.journal_date, ui.journal_kind, ui.journal_result, ui.journal_file)
    cells = [(str(number), shown_date(moment), kind, result, file) for number, moment, kind, result, file, _ in rows]
    # A name whole (28 characters) where it leaves the recommendation at least 14 in every language
    # (80 columns: "Questionnaire" is the widest heading); narrower, it folds, or the recommendation
    # would be crushed to a few letters a line.
    file_column: dict[str, Any] = {"no_wrap": True} if display.out_console().width >= WHOLE_NAMES_FROM else {"overflow": "fold"}
    columns: list[dict[str, Any]] = [{"justify": "right"}, {"no_wrap": True}, {}, {"overflow": "fold"}, file_column]
    styles = ["bold red" if damaged else None for *_, damaged in rows]
    print_table(table(headers, cells, compact=True, columns=columns, styles=styles))
    display.out_console().print(safe.markup(ui.journal_folder.format(folder=folder)), style="dim")


def drafts(found: Sequence[Draft], ui: UiText) -> None:
    headers = (ui.drafts_checklist, ui.drafts_saved, ui.drafts_answers, ui.journal_file)
    cells = [
        (
            draft.checklist,
            shown_saved(draft.saved),
            ui.drafts_damaged.format(problem=draft.problem) if draft.problem else str(len(draft.answers)),
            str(draft.path),
        )
        for draft in found
    ]
    print_table(table(headers, cells, compact=True, styles=["bold red" if draft.problem else None for draft in found]))


def agreements_table(agreements: Sequence[dict[str, Any]], names: dict[str, str], ui: UiText) -> Table:
    """Each agreement: its name (and key), its value, and where it comes from (config.yaml or the content)."""
    from rich.text import Text as RichText

    origins = {"config": ui.agreement_from_config, "content": ui.agreement_from_content}
    cells = []
    for item in agreements:
        name = RichText(safe.line(names.get(item["key"], item["key"]))).append(f" ({safe.line(item['key'])})", style="dim")
        value = ui.agreement_not_set if item["value"] is None else str(item["value"])
        cells.append((name, value, origins.get(item["origin"] or "", ui.agreement_nowhere)))
    headers = (ui.agreement_setting, ui.agreement_value, ui.agreement_origin)
    return table(headers, cells, title=ui.wellbeing_agreements, compact=True)


def agreements(agreements: Sequence[dict[str, Any]], names: dict[str, str], ui: UiText) -> None:
    """The table, then how to set each agreement that is set nowhere: under it, where the command is never broken."""
    print_table(agreements_table(agreements, names, ui))
    for item in agreements:
        if not item["origin"]:
            display.note(ui.agreement_set_with.format(name=names.get(item["key"], item["key"]), key=item["key"]))


def wellbeing(days: Sequence[tuple[date, int, int]], maximum: int | None, with_hours: bool, title: str, ui: UiText) -> None:
    """(day, sessions, outside the agreed hours) for each day, with a bar against the maximum."""
    ceiling = f" / {maximum}" if maximum is not None else ""
    cells = [
        (f"{day.isoformat()} {day:%a}", f"{sessions}{ceiling}", sessions_bar(sessions, maximum), str(outside) if with_hours else "-")
        for day, sessions, outside in days
    ]
    headers = (ui.wellbeing_day, ui.wellbeing_sessions, "", ui.wellbeing_outside_hours)
    columns: list[dict[str, Any]] = [{"no_wrap": True}, {"justify": "right"}, {"no_wrap": True}, {"justify": "right"}]
    print_table(table(headers, cells, title=title, compact=True, columns=columns))
    display.out_console().print()
