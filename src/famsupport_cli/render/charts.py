"""Bar charts for the terminal: the debrief report's spreads and the wellbeing days."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from famsupport_cli.core import report
from famsupport_cli.io import display
from famsupport_cli.render import safe
from famsupport_cli.render.tables import print_table, table

if TYPE_CHECKING:
    from rich.text import Text as RichText

    from famsupport_cli.content.vignettes import TrainingText

# core.report is imported where it is used: the wellbeing view draws its bars from here too.

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


def _counts(
    title: str, items: list[dict[str, Any]], words: TrainingText, label: str = "label", uncounted: tuple[tuple[str, int], ...] = ()
) -> None:
    """A bar per item; `uncounted`: (words, count) rows outside the shares, such as "left empty", drawn dim and without a bar."""
    from rich.table import Table

    shown = Table(title=safe.markup(title), title_justify="left", show_header=False, box=None, padding=(0, 1))
    shown.add_column(justify="left")
    shown.add_column(justify="left", style="cyan")
    shown.add_column(justify="right")
    for item in items:
        counted = f"{item['count']} ({report.percent(item['share'], words)})"
        shown.add_row(safe.markup(item[label], one_line=True), bar(item["share"]), counted)
    for said, count in uncounted:
        if count:
            shown.add_row(f"[dim]{safe.markup(said, one_line=True)}[/dim]", "", f"[dim]{count}[/dim]")
    display.out_console().print(shown)
    display.out_console().print()


def report_terminal(data: dict[str, Any], words: TrainingText) -> None:
    """The debrief report for reading at a terminal: the same content as the Markdown, with bar charts."""
    console = display.out_console()
    if not data["checklists"]:
        console.print(safe.markup(words.report_nothing))
    for group in data["checklists"]:
        console.rule(f"[bold]{safe.markup(words.report_title.format(checklist=group['title']))}[/bold]")
        if data.get("date"):
            console.print(f"{safe.markup(words.report_date)}: {safe.markup(data['date'])}")
        basis = words.report_basis.format(summaries=group["summaries"], answers=group["answers_files"], participants=group["participants"])
        console.print(safe.markup(basis))
        console.print(f"[dim]{safe.markup(words.report_no_names)}[/dim]")
        for text in report.caveats(group, words):
            console.print(f"[dim]{safe.markup(text)}[/dim]")
        console.print()
        if data.get("case") and "reference" in group:
            _reference_view(group, data["case"], words)
        _group_charts(group, words)


def _reference_view(group: dict[str, Any], case: dict[str, Any], words: TrainingText) -> None:
    """The group against the case's reference: how many reached it, and per question how many gave its answer."""
    console = display.out_console()
    console.print(f"[bold]{safe.markup(words.report_case.format(title=case['title']))}[/bold]")
    console.print(f"[dim]{safe.markup(words.report_case_intro)}[/dim]")
    console.print(f"[bold]{safe.markup(report.reference_summary(group, words))}[/bold]\n")
    if not group["with_answers"]:
        console.print(safe.markup(words.report_no_answers) + "\n")
        return
    rows = [(row["prompt"], row["reference"], row["same"], row["share"], row["note"]) for row in report.reference_rows(group, words)]
    headers = [words.report_question, words.report_reference_answer, words.report_same_answer]
    headers += [words.report_share, words.report_trainer_note]
    print_table(table(headers, rows, columns=[{}, {}, {"justify": "right"}, {"justify": "right"}, {}]))
    console.print()


def _group_charts(group: dict[str, Any], words: TrainingText) -> None:
    console = display.out_console()
    if "outcomes" in group:
        _counts(words.report_outcomes, group["outcomes"], words)
        most_often = report.most_often_text(group, words)
        if most_often:
            console.print(safe.markup(most_often) + "\n")
        if group["overridden"]:
            _counts(words.report_final_formats, group["final_formats"], words)
    for found in group["lists"]:
        if found["items"]:
            _counts(words.report_lists.format(title=found["title"]), found["items"], words, "title")
    # The bar sits in the disagreement column, so that every column has its heading.
    rows = [
        (
            q["prompt"],
            f"{report.decimal(q['disagreement'], words)} {bar(q['disagreement'])}",
            report.most_common_text(q, words),
            str(q["answered"]),
        )
        for q in group["disagreement"]
    ]
    headers = (words.report_question, words.report_disagreement_column, words.report_most_common, words.report_answered)
    shown = table(headers, rows, title=words.report_disagreement, columns=[{}, {}, {}, {"justify": "right"}])
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
            uncounted = ((words.report_text_empty, question["left_empty"]), (words.report_not_asked, question["not_asked"]))
            _counts(question["prompt"], question["answers"], words, uncounted=uncounted)
            continue
        base = group["with_answers"]
        items = [
            {"label": words.report_text_answered, "count": question["answered"], "share": _ratio(question["answered"], base)},
            {"label": words.report_text_empty, "count": question["left_empty"], "share": _ratio(question["left_empty"], base)},
        ]
        if question["not_asked"]:
            items.append({"label": words.report_not_asked, "count": question["not_asked"], "share": _ratio(question["not_asked"], base)})
        _counts(question["prompt"], items, words)
