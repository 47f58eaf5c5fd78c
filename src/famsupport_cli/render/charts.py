"""Bar charts for the terminal: the debrief report's spreads and the wellbeing days."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from famsupport_cli.render import safe
from famsupport_cli.render.tables import print_table, table

if TYPE_CHECKING:
    from rich.text import Text as RichText

    from famsupport_cli.content.vignettes import TrainingText

BAR_WIDTH = 30


def bar(share: float) -> str:
    return "█" * round(share * BAR_WIDTH)


def sessions_bar(sessions: int, maximum: int | None) -> RichText:
    """A small bar: one block per session, dots up to the maximum, blocks past it in red."""
    from rich.text import Text as RichText

    shown = RichText()
    if maximum is None:
        return shown.append("█" * sessions)
    within = min(sessions, maximum)
    shown.append("█" * within, style="yellow" if sessions == maximum else "green")
    shown.append("·" * (maximum - within), style="dim")
    return shown.append("█" * max(0, sessions - maximum), style="bold red")


def _ratio(count: int, base: int) -> float:
    return count / base if base else 0.0


def _counts(title: str, items: list[dict[str, Any]], label: str = "label") -> None:
    from rich.table import Table

    from famsupport_cli.io.display import out_console

    shown = Table(title=safe.markup(title), title_justify="left", show_header=False, box=None, padding=(0, 1))
    shown.add_column(justify="left")
    shown.add_column(justify="left", style="cyan")
    shown.add_column(justify="right")
    for item in items:
        shown.add_row(safe.markup(item[label], one_line=True), bar(item["share"]), f"{item['count']} ({round(item['share'] * 100)}%)")
    out_console().print(shown)
    out_console().print()


def report_terminal(data: dict[str, Any], words: TrainingText) -> None:
    """The debrief report for reading at a terminal: the same content as the Markdown, with bar charts."""
    from famsupport_cli.io.display import out_console

    console = out_console()
    if not data["checklists"]:
        console.print(safe.markup(words.report_nothing))
    for group in data["checklists"]:
        console.rule(f"[bold]{safe.markup(words.report_title.format(checklist=group['title']))}[/bold]")
        if data.get("date"):
            console.print(f"{safe.markup(words.report_date)}: {safe.markup(data['date'])}")
        basis = words.report_basis.format(summaries=group["summaries"], answers=group["answers_files"], participants=group["participants"])
        console.print(safe.markup(basis))
        console.print(f"[dim]{safe.markup(words.report_no_names)}[/dim]\n")
        _group_charts(group, words)


def _group_charts(group: dict[str, Any], words: TrainingText) -> None:
    from famsupport_cli.io.display import out_console

    console = out_console()
    if "outcomes" in group:
        _counts(words.report_outcomes, group["outcomes"])
        if group["overridden"]:
            _counts(words.report_final_formats, group["final_formats"])
    for found in group["lists"]:
        if found["items"]:
            _counts(words.report_lists.format(title=found["title"]), found["items"], "title")
    rows = [
        (q["prompt"], f"{q['disagreement']:.2f}", bar(q["disagreement"]), f"{q['most_common']} ({round(q['most_common_share'] * 100)}%)")
        for q in group["disagreement"]
    ]
    headers = (words.report_question, words.report_disagreement_column, "", words.report_most_common)
    shown = table(headers, rows, title=words.report_disagreement, columns=[{}, {"justify": "right"}, {}, {}])
    shown.caption = safe.markup(words.report_disagreement_explained)
    print_table(shown)
    console.print()
    if not group["with_answers"]:
        console.print(safe.markup(words.report_no_answers))
        return
    console.print(f"[bold]{safe.markup(words.report_answers)}[/bold]")
    console.print(safe.markup(words.report_answers_basis.format(count=group["with_answers"])) + "\n")
    for question in group["questions"]:
        if question["type"] != "text":
            _counts(question["prompt"], question["answers"])
            continue
        base = group["with_answers"]
        items = [
            {"label": words.report_text_answered, "count": question["answered"], "share": _ratio(question["answered"], base)},
            {"label": words.report_text_empty, "count": question["not_answered"], "share": _ratio(question["not_answered"], base)},
        ]
        _counts(question["prompt"], items)
