"""The debrief report of a group: what came out, how answers were spread, where the group split.

Pure: file texts in (read at the edge), data and Markdown out. The report holds counts
only: no names, no file names, no free text (a text question counts as answered or not).

Inputs are summaries (the front matter of a Markdown summary, or a JSON summary) and
answers files. A summary and an answers file with the same file name (as `famsupport
batch` writes them) are one participant: the summary gives the result, the answers
file the answers. A JSON summary carries its answers too.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any, Literal

from famsupport_cli.content import yamlfile
from famsupport_cli.content.bundle import Bundle
from famsupport_cli.content.models import DONT_KNOW, NOT_APPLICABLE, Checklist, Question, special_values
from famsupport_cli.content.vignettes import TrainingText
from famsupport_cli.core.conditions import AnswerValue
from famsupport_cli.core.presets import Presets, parse_answers_text, read_presets
from famsupport_cli.core.summary import md_inline, md_text, outcome_label
from famsupport_cli.core.walk import applicable_answers
from famsupport_cli.errors import invalid_input
from famsupport_cli.messages import Text

REPORT_FORMAT_VERSION = 1
TOP_DISAGREEMENTS = 10
Value = str | int


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One input file, read: a summary (the result, maybe answers) or an answers file (answers)."""

    stem: str  # pairs a summary with its answers file; never shown in the report
    kind: str  # the checklist id
    source: Literal["summary", "answers"]
    recommendation: str | None = None
    final_format: str | None = None
    overridden: bool = False
    findings: dict[str, list[str]] | None = None
    answers: dict[str, AnswerValue] | None = None
    notes: tuple[str | Text, ...] = ()


@dataclass
class Participant:
    summary: Entry | None
    answers: dict[str, AnswerValue] | None


@dataclass
class Group:
    """Every participant of one checklist, with how many summaries and answers files they came from."""

    checklist: Checklist
    participants: list[Participant] = field(default_factory=list)
    summaries: int = 0
    answers_files: int = 0


# --- reading one input ----------------------------------------------------------------


def read_entry(bundle: Bundle, name: str, stem: str, text: str) -> Entry:
    """A summary or an answers file, from its text. Raises FamsupportError if it is neither."""
    if name.endswith(".md"):
        parts = yamlfile.split_front_matter(text)
        if parts is None:
            raise invalid_input(Text("no_front_matter", file=name))
        data: Any = yamlfile.parse(parts[0], name).data
        return _summary_entry(bundle, name, stem, data, from_json=False)
    data, document = parse_answers_text(text, name)
    if isinstance(data, Mapping) and "famsupport" in data and "kind" in data:
        return _summary_entry(bundle, name, stem, data, from_json=True)
    if not isinstance(data, Mapping) or not data:
        raise invalid_input(Text("neither_summary_nor_answers", file=name))
    checklist = _checklist_for(bundle, name, data)
    return _answers_entry(name, stem, read_presets(data, name, checklist, document), checklist, "answers")


def _summary_entry(bundle: Bundle, name: str, stem: str, data: Any, *, from_json: bool) -> Entry:
    if not isinstance(data, Mapping) or data.get("kind") not in bundle.checklists:
        kind = data.get("kind") if isinstance(data, Mapping) else None
        raise invalid_input(Text("unknown_summary_kind", file=name, kind=kind or Text("none")))
    checklist = bundle.checklists[str(data["kind"])]
    findings = data.get("findings")
    if not isinstance(findings, Mapping) and from_json:
        findings = {fl.id: [i.get("id") for i in data.get(fl.id, []) if isinstance(i, Mapping)] for fl in checklist.lists}
    answers: dict[str, AnswerValue] | None = None
    notes: tuple[str | Text, ...] = ()
    if from_json and isinstance(data.get("answers"), Mapping):
        read = _answers_entry(name, stem, read_presets(data["answers"], name, checklist), checklist, "summary")
        answers, notes = read.answers, read.notes
    return Entry(
        stem=stem,
        kind=checklist.id,
        source="summary",
        recommendation=_text_or_none(data.get("recommendation")),
        final_format=_text_or_none(data.get("final_format")),
        overridden=data.get("overridden") is True,
        findings={str(key): [str(v) for v in value] for key, value in findings.items() if isinstance(value, list)}
        if isinstance(findings, Mapping)
        else None,
        answers=answers,
        notes=notes,
    )


def _answers_entry(name: str, stem: str, presets: Presets, checklist: Checklist, source: Literal["summary", "answers"]) -> Entry:
    notes = tuple(issue.describe(name) for issue in presets.issues)
    return Entry(stem=stem, kind=checklist.id, source=source, answers=applicable_answers(checklist, presets.answers), notes=notes)


def _checklist_for(bundle: Bundle, name: str, data: Mapping[Any, Any]) -> Checklist:
    """The checklist whose question ids the file uses most."""
    keys = {str(key) for key in data}
    scores = sorted(
        ((len(keys & {q.id for q in checklist.questions()}), checklist_id) for checklist_id, checklist in bundle.checklists.items()),
        reverse=True,
    )
    if not scores or scores[0][0] == 0 or (len(scores) > 1 and scores[0][0] == scores[1][0]):
        raise invalid_input(Text("which_checklist", file=name), hint=Text("which_checklist_hint"))
    return bundle.checklists[scores[0][1]]


def _text_or_none(value: Any) -> str | None:
    return str(value) if isinstance(value, str) else None


# --- grouping -------------------------------------------------------------------------------


def group_entries(bundle: Bundle, entries: Iterable[Entry]) -> list[Group]:
    """Participants per checklist, in content order: a summary and an answers file of the same name are one."""
    by_key: dict[tuple[str, str], tuple[list[Entry], list[Entry]]] = {}
    for entry in entries:
        found_summaries, found_answers = by_key.setdefault((entry.kind, entry.stem), ([], []))
        (found_summaries if entry.source == "summary" else found_answers).append(entry)
    groups: dict[str, Group] = {}
    for (kind, _), (summaries, answer_files) in sorted(by_key.items()):
        group = groups.setdefault(kind, Group(bundle.checklists[kind]))
        group.summaries += len(summaries)
        group.answers_files += len(answer_files)
        for summary, answers in zip_longest(summaries, answer_files):
            given = answers.answers if answers is not None else (summary.answers if summary is not None else None)
            group.participants.append(Participant(summary, given))
    return [groups[kind] for kind in bundle.checklists if kind in groups]


# --- aggregating --------------------------------------------------------------------------


def build_report(bundle: Bundle, groups: list[Group], date: str | None = None) -> dict[str, Any]:
    """The report as plain data (the JSON output; Markdown and the terminal view render it)."""
    return {
        "famsupport_report": REPORT_FORMAT_VERSION,
        "date": date,
        "checklists": [_group_data(bundle, group) for group in groups],
    }


def _share(count: int, base: int) -> float:
    return round(count / base, 4) if base else 0.0


def _group_data(bundle: Bundle, group: Group) -> dict[str, Any]:
    checklist = group.checklist
    summaries = [p.summary for p in group.participants if p.summary is not None]
    data: dict[str, Any] = {
        "checklist": checklist.id,
        "title": checklist.title,
        "participants": len(group.participants),
        "summaries": group.summaries,
        "answers_files": group.answers_files,
        "with_answers": sum(1 for p in group.participants if p.answers is not None),
    }
    if checklist.decision is not None:
        outcomes = [outcome.value for outcome in checklist.decision.outcomes]
        recommended = Counter(s.recommendation for s in summaries if s.recommendation)
        final = Counter(s.final_format for s in summaries if s.final_format)
        data["outcomes"] = _counted(checklist, outcomes, recommended, len(summaries))
        data["final_formats"] = _counted(checklist, outcomes, final, len(summaries))
        data["overridden"] = sum(1 for s in summaries if s.overridden)
    data["lists"] = [_list_data(bundle, checklist, finding_list.id, finding_list.title, summaries) for finding_list in checklist.lists]
    answered = [p.answers for p in group.participants if p.answers is not None]
    questions = [_question_data(bundle, question, answered) for question in checklist.questions()]
    data["questions"] = questions
    ranked = [q for q in questions if q["disagreement"]]
    ranked.sort(key=lambda q: -q["disagreement"])  # stable: content order among equals
    data["disagreement"] = [
        {key: q[key] for key in ("id", "prompt", "disagreement", "answered", "most_common", "most_common_share")}
        for q in ranked[:TOP_DISAGREEMENTS]
    ]
    return data


def _counted(checklist: Checklist, values: list[str], counts: Counter[str], base: int) -> list[dict[str, Any]]:
    known = values + sorted(value for value in counts if value not in values)
    return [
        {"value": value, "label": outcome_label(checklist, value), "count": counts[value], "share": _share(counts[value], base)}
        for value in known
    ]


def _list_data(bundle: Bundle, checklist: Checklist, list_id: str, title: str, summaries: list[Entry]) -> dict[str, Any]:
    catalogue = {item.id: item.title for item in bundle.recommendations.recommendations}
    titles: dict[str, str] = {}
    for rule in checklist.rules:
        if rule.add_to == list_id:
            item_id = rule.recommendation or rule.id
            titles.setdefault(item_id, catalogue.get(item_id, rule.title or item_id))
    known = [s.findings for s in summaries if s.findings is not None]
    counts = Counter(item for findings in known for item in dict.fromkeys(findings.get(list_id, [])))
    order = {item_id: index for index, item_id in enumerate(titles)}
    ranked = sorted(counts, key=lambda item_id: (-counts[item_id], order.get(item_id, len(order)), item_id))
    items = [
        {"id": item_id, "title": titles.get(item_id, item_id), "count": counts[item_id], "share": _share(counts[item_id], len(known))}
        for item_id in ranked
    ]
    return {"id": list_id, "title": title, "summaries": len(known), "items": items}


def _categories(question: Question, seen: set[Value]) -> list[Value]:
    if question.type == "yesno":
        base: list[Value] = ["yes", "no"]
    elif question.type in ("single", "multiple"):
        base = [option.value for option in question.options or []]
    elif question.type == "scale" and question.min is not None and question.max is not None:
        base = list(range(question.min, question.max + 1))
    else:
        base = sorted(value for value in seen if isinstance(value, int))
    specials: list[Value] = list(special_values(question))
    extra = sorted((v for v in seen if v not in base and v not in specials), key=str)
    return [*base, *extra, *specials]


def _value_label(bundle: Bundle, question: Question, value: Value) -> str:
    ui = bundle.ui
    if value == DONT_KNOW:
        return ui.dont_know
    if value == NOT_APPLICABLE:
        return ui.not_applicable
    if question.type == "yesno":
        return ui.yes if value == "yes" else ui.no
    if question.type == "scale":
        end = question.min_label if value == question.min else question.max_label if value == question.max else None
        return f"{value} ({end})" if end else str(value)
    labels = {option.value: option.label for option in question.options or []}
    return labels.get(str(value), str(value))


def _question_data(bundle: Bundle, question: Question, answered_by: list[dict[str, AnswerValue]]) -> dict[str, Any]:
    values = [answers[question.id] for answers in answered_by if question.id in answers]
    data: dict[str, Any] = {
        "id": question.id,
        "prompt": question.prompt,
        "type": question.type,
        "answered": len(values),
        "not_answered": len(answered_by) - len(values),
        "answers": [],
        "disagreement": None,
        "most_common": None,
        "most_common_share": None,
    }
    if question.type == "text" or not values:
        return data
    counts: Counter[Value] = Counter()
    for value in values:
        # A multiple-choice answer counts once for each option ticked (or once for "don't know").
        counts.update(list(dict.fromkeys(value)) if isinstance(value, list) else [value])
    base = len(values)
    categories = _categories(question, set(counts))
    data["answers"] = [
        {"value": value, "label": _value_label(bundle, question, value), "count": counts[value], "share": _share(counts[value], base)}
        for value in categories
    ]
    top = max(categories, key=lambda value: counts[value])  # the first of the most common, in content order
    data["most_common"] = _value_label(bundle, question, top)
    data["most_common_share"] = _share(counts[top], base)
    if base >= 2:
        if question.type == "multiple":
            # Each option as ticked / not ticked; the most evenly split option counts.
            split = max(1 - max(counts[v], base - counts[v]) / base for v in categories)
        else:
            split = 1 - counts[top] / base
        data["disagreement"] = round(split, 4)
    return data


# --- Markdown ---------------------------------------------------------------------------


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def _table(headers: list[str], rows: list[list[str]], numbers: tuple[int, ...] = (1, 2)) -> list[str]:
    """A Markdown table; the columns in `numbers` are right-aligned. Cells are already escaped."""
    rule = ["---:" if index in numbers else "---" for index in range(len(headers))]
    lines = ["| " + " | ".join(md_inline(h) for h in headers) + " |", "|" + "|".join(rule) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def to_markdown(report: Mapping[str, Any], words: TrainingText) -> str:
    parts: list[str] = []
    for group in report["checklists"]:
        parts += _group_markdown(group, report.get("date"), words)
    if not parts:
        parts = [f"_{md_inline(words.report_nothing)}_", ""]
    return "\n".join(parts)


def _counts_rows(items: list[dict[str, Any]]) -> list[list[str]]:
    return [[md_inline(str(item["label"])), str(item["count"]), _percent(item["share"])] for item in items]


def _group_markdown(group: Mapping[str, Any], date: str | None, words: TrainingText) -> list[str]:
    parts = [f"# {md_inline(words.report_title.format(checklist=group['title']))}", ""]
    if date:
        parts += [f"{md_inline(words.report_date)}: {md_inline(date)}", ""]
    basis = words.report_basis.format(summaries=group["summaries"], answers=group["answers_files"], participants=group["participants"])
    parts += [md_inline(basis), "", f"_{md_inline(words.report_no_names)}_", ""]
    columns = [words.report_answer, words.report_count, words.report_share]
    if "outcomes" in group:
        parts += [f"## {md_inline(words.report_outcomes)}", ""]
        parts += _table(columns, _counts_rows(group["outcomes"]))
        if group["overridden"]:
            parts += [f"### {md_inline(words.report_final_formats)}", ""]
            parts += _table(columns, _counts_rows(group["final_formats"]))
            parts += [md_inline(words.report_overridden.format(count=group["overridden"], total=group["summaries"])), ""]
    for found in group["lists"]:
        parts += [f"## {md_inline(words.report_lists.format(title=found['title']))}", ""]
        rows = [[md_inline(item["title"]), str(item["count"]), _percent(item["share"])] for item in found["items"]]
        parts += (
            _table([words.report_item, words.report_count, words.report_share], rows)
            if rows
            else [f"_{md_inline(words.report_nothing)}_", ""]
        )
    parts += [f"## {md_inline(words.report_disagreement)}", "", md_text(words.report_disagreement_explained), ""]
    if group["disagreement"]:
        rows = [
            [
                f"{md_inline(q['prompt'])} (`{q['id']}`)",
                f"{q['disagreement']:.2f}",
                f"{md_inline(q['most_common'])} ({_percent(q['most_common_share'])})",
                str(q["answered"]),
            ]
            for q in group["disagreement"]
        ]
        headers = [words.report_question, words.report_disagreement_column, words.report_most_common, words.report_answered]
        parts += _table(headers, rows, numbers=(1, 3))
    else:
        parts += [f"_{md_inline(words.report_nothing)}_", ""]
    parts += [f"## {md_inline(words.report_answers)}", ""]
    if not group["with_answers"]:
        return [*parts, f"_{md_inline(words.report_no_answers)}_", ""]
    parts += [md_inline(words.report_answers_basis.format(count=group["with_answers"])), ""]
    for question in group["questions"]:
        parts += [f"### {md_inline(question['prompt'])} (`{question['id']}`)", ""]
        if question["type"] == "text":
            rows = [
                [md_inline(words.report_text_answered), str(question["answered"])],
                [md_inline(words.report_text_empty), str(question["not_answered"])],
            ]
            parts += _table([words.report_answer, words.report_count], rows)
            continue
        rows = _counts_rows(question["answers"])
        if question["not_answered"]:
            rows.append([f"_{md_inline(words.report_not_answered)}_", str(question["not_answered"]), ""])
        parts += _table(columns, rows)
    return parts


def to_json(report: Mapping[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
