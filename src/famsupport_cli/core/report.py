"""The debrief report of a group: what came out, how answers were spread, where the group split.

Pure: file texts in (read at the edge), data and Markdown out. The report holds counts
only: no names, no file names, no free text (a text question counts as answered or not).

Inputs are summaries (the front matter of a Markdown summary, or a JSON summary) and
answers files. A summary and an answers file with the same file name (as `famsupport
batch` writes them) are one participant: the summary gives the result, the answers
file the answers. A JSON summary carries its answers too.

What a checklist marks private (the practitioner's own wellbeing: a section or result list
with `private: true`) stays out of the report. With a case (`report --case ID`), each group
is compared with the case's reference: how many reached its recommendation, and per question
how many gave its answer, with the trainer's note.
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
from famsupport_cli.core.engine import evaluate
from famsupport_cli.core.presets import Presets, parse_answers_text, read_presets
from famsupport_cli.core.summary import md_inline, md_text, outcome_label
from famsupport_cli.core.training import LoadedVignette, Reference
from famsupport_cli.core.walk import NoInputAsker, applicable_answers, visible_questions, walk
from famsupport_cli.errors import invalid_input
from famsupport_cli.messages import Text

REPORT_FORMAT_VERSION = 1
TOP_DISAGREEMENTS = 10
REFERENCE_CELLS = ("reference", "same", "share", "note")  # the debrief table's cells after the question
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
        document = yamlfile.parse_front_matter(text, name)
        if document is None:
            raise invalid_input(Text("no_front_matter", file=name))
        data: Any = document.data
        return _summary_entry(bundle, name, stem, data, from_json=False)
    data, document = parse_answers_text(text, name)
    if isinstance(data, Mapping) and "famsupport" in data and "kind" in data:
        return _summary_entry(bundle, name, stem, data, from_json=True)
    if not isinstance(data, Mapping) or not data:
        raise invalid_input(Text("neither_summary_nor_answers", file=name))
    checklist = _checklist_for(bundle, name, data)
    presets = read_presets(data, name, checklist, document)
    if not presets.answers:  # counted, it would be a participant who left every question empty (or took its default)
        raise invalid_input(Text("no_answer_fits", file=name, checklist=checklist.id), details=[i.describe(name) for i in presets.issues])
    return _answers_entry(name, stem, presets, checklist, "answers")


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
    # Only what the checklist itself names is counted: the report shows counts, never a file's own
    # words, and an outcome or item the checklist does not have could only be shown as written.
    outcomes = {outcome.value for outcome in checklist.decision.outcomes} if checklist.decision is not None else set()
    items = {rule.recommendation or rule.id for rule in checklist.rules}
    return Entry(
        stem=stem,
        kind=checklist.id,
        source="summary",
        recommendation=_known(data.get("recommendation"), outcomes),
        final_format=_known(data.get("final_format"), outcomes),
        overridden=data.get("overridden") is True,
        findings={str(key): [str(v) for v in value if str(v) in items] for key, value in findings.items() if isinstance(value, list)}
        if isinstance(findings, Mapping)
        else None,
        answers=answers,
        notes=notes,
    )


def _known(value: object, known: set[str]) -> str | None:
    return value if isinstance(value, str) and value in known else None


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


def check_case(case: LoadedVignette, groups: list[Group], words: TrainingText) -> None:
    """Raises FamsupportError (exit 2) if the case has no reference for a group's checklist."""
    for group in groups:
        if group.checklist.id not in case.references:
            raise invalid_input(
                words.report_case_wrong_kind.format(checklist=group.checklist.id, case=case.id),
                hint=words.report_case_wrong_kind_hint.format(checklists=", ".join(case.references)),
            )


def shared_questions(checklist: Checklist) -> list[Question]:
    """The questions a group report shows: all but those of private sections (the practitioner's own wellbeing)."""
    return [question for section in checklist.sections if not section.private for question in section.questions]


# --- aggregating --------------------------------------------------------------------------


def build_report(bundle: Bundle, groups: list[Group], date: str | None = None, case: LoadedVignette | None = None) -> dict[str, Any]:
    """The report as plain data (the JSON output; Markdown and the terminal view render it).

    With a case (checked with `check_case`), each group carries a `reference`.
    """
    data: dict[str, Any] = {"famsupport_report": REPORT_FORMAT_VERSION, "date": date}
    if case is None:
        data["checklists"] = [_group_data(bundle, group) for group in groups]
        return data
    data["case"] = {"id": case.id, "title": case.vignette.title}
    data["checklists"] = [_group_data(bundle, group, case.id, case.references.get(group.checklist.id)) for group in groups]
    return data


def _share(count: int, base: int) -> float:
    return round(count / base, 4) if base else 0.0


def _group_data(bundle: Bundle, group: Group, case_id: str | None = None, reference: Reference | None = None) -> dict[str, Any]:
    checklist = group.checklist
    summaries = [p.summary for p in group.participants if p.summary is not None]
    data: dict[str, Any] = {
        "checklist": checklist.id,
        "title": checklist.title,
        "participants": len(group.participants),
        "summaries": group.summaries,
        "answers_files": group.answers_files,
        "with_answers": sum(1 for p in group.participants if p.answers is not None),
        "private_sections": [{"id": section.id, "title": section.title} for section in checklist.sections if section.private],
    }
    if checklist.decision is not None:
        outcomes = [outcome.value for outcome in checklist.decision.outcomes]
        recommended = Counter(s.recommendation for s in summaries if s.recommendation)
        final = Counter(s.final_format for s in summaries if s.final_format)
        data["outcomes"] = _counted(checklist, outcomes, recommended, len(summaries))
        data["most_often"] = _most_often(data["outcomes"])
        data["final_formats"] = _counted(checklist, outcomes, final, len(summaries))
        data["overridden"] = sum(1 for s in summaries if s.overridden)
    shared_lists = [finding_list for finding_list in checklist.lists if not finding_list.private]
    data["lists"] = [_list_data(bundle, checklist, found.id, found.title, summaries) for found in shared_lists]
    answered = [_as_run(bundle, checklist, p.answers) for p in group.participants if p.answers is not None]
    # What each participant was asked: a question whose `when` did not hold for their answers was not.
    asked = [{question.id for _, question in visible_questions(checklist, answers)} for answers in answered]
    questions = [_question_data(bundle, question, answered, asked) for question in shared_questions(checklist)]
    data["questions"] = questions
    ranked = [q for q in questions if q["disagreement"]]
    ranked.sort(key=lambda q: -q["disagreement"])  # stable: content order among equals
    data["disagreement"] = [
        {key: q[key] for key in ("id", "prompt", "disagreement", "answered", "most_common", "most_common_share", "top_answers")}
        for q in ranked[:TOP_DISAGREEMENTS]
    ]
    if case_id is not None and reference is not None:
        data["reference"] = _reference_data(checklist, case_id, reference, summaries, answered)
    return data


def _as_run(bundle: Bundle, checklist: Checklist, answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """The answers as a scripted run takes them: a question left out that has a default gets it (as the summary did)."""
    # A walk without a person never shows a result, so `evaluate` is not called here.
    return walk(checklist, answers, NoInputAsker(), lambda given: evaluate(bundle, checklist, given)).answers


def _most_often(items: list[dict[str, Any]]) -> list[str]:
    """The values with the highest count: one, or several in a tie (none if nothing was counted)."""
    best = max((item["count"] for item in items), default=0)
    return [item["value"] for item in items if best and item["count"] == best]


def _reference_data(
    checklist: Checklist, case_id: str, reference: Reference, summaries: list[Entry], answered: list[dict[str, AnswerValue]]
) -> dict[str, Any]:
    """How many reached the reference's recommendation, and per question how many gave its answer."""
    verdict = reference.result.verdict
    target: str | list[str]
    if verdict is not None:
        target = verdict.recommended
        reached = [s.recommendation for s in summaries if s.recommendation]
        matched = sum(1 for recommendation in reached if recommendation == target)
        base = len(reached)
    else:
        # A checklist without a decision (reflect): the same catalogue recommendations, as a set.
        target = list(dict.fromkeys(f.recommendation.id for found in reference.result.findings.values() for f in found if f.recommendation))
        catalogue = {rule.recommendation for rule in checklist.rules if rule.recommendation}
        surfaced = [
            {item for items in s.findings.values() for item in items if item in catalogue} for s in summaries if s.findings is not None
        ]
        matched = sum(1 for found in surfaced if found == set(target))
        base = len(surfaced)
    questions = []
    for question in shared_questions(checklist):
        if question.type == "text" or question.id not in reference.answers:
            continue  # free text is talked through, not compared
        expected = reference.answers[question.id]
        given = [answers[question.id] for answers in answered if question.id in answers]
        same = sum(1 for value in given if _same_answer(value, expected))
        questions.append({
            "question": question.id,
            "reference": expected,
            "matched": same,
            "of": len(given),
            "share": _share(same, len(given)),
            "note": reference.why.get(question.id),
        })  # fmt: skip
    return {"case": case_id, "recommendation": target, "matched": matched, "of": base, "questions": questions}


def _same_answer(given: AnswerValue, expected: AnswerValue) -> bool:
    if isinstance(given, list) and isinstance(expected, list):
        return sorted(given) == sorted(expected)  # the options ticked, in any order
    return given == expected


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


def _question_data(bundle: Bundle, question: Question, answered_by: list[dict[str, AnswerValue]], asked: list[set[str]]) -> dict[str, Any]:
    values = [answers[question.id] for answers in answered_by if question.id in answers]
    not_asked = sum(1 for questions in asked if question.id not in questions)
    data: dict[str, Any] = {
        "id": question.id,
        "prompt": question.prompt,
        "type": question.type,
        "answered": len(values),
        "not_answered": len(answered_by) - len(values),  # left empty + not asked
        "left_empty": len(answered_by) - len(values) - not_asked,
        "not_asked": not_asked,
        "answers": [],
        "disagreement": None,
        "most_common": None,  # None in a tie: then `top_answers` holds each of the tied answers
        "most_common_share": None,
        "top_answers": [],
    }
    if question.type == "text" or not answered_by:
        return data
    counts: Counter[Value] = Counter()
    for value in values:
        # A multiple-choice answer counts once for each option ticked (or once for "don't know").
        counts.update(list(dict.fromkeys(value)) if isinstance(value, list) else [value])
    base = len(values)
    categories = _categories(question, set(counts))
    # Every choice is listed, even if nobody gave it (or nobody was asked): the reference's answer has its words here.
    data["answers"] = [
        {"value": value, "label": _value_label(bundle, question, value), "count": counts[value], "share": _share(counts[value], base)}
        for value in categories
    ]
    best = max((counts[value] for value in categories), default=0)
    if not best:
        return data
    top = [value for value in categories if counts[value] == best]
    data["top_answers"] = [_value_label(bundle, question, value) for value in top]
    data["most_common"] = data["top_answers"][0] if len(top) == 1 else None
    data["most_common_share"] = _share(best, base)
    if base >= 2:
        # Several options ticked: each option as ticked / not ticked, and the most evenly split one counts.
        multiple = question.type == "multiple"
        split = max(1 - max(counts[v], base - counts[v]) / base for v in categories) if multiple else 1 - best / base
        data["disagreement"] = round(split, 4)
    return data


# --- Markdown ---------------------------------------------------------------------------


def percent(share: float, words: TrainingText) -> str:
    """A share as its language writes a percentage (75%, 75 %, 75 %)."""
    return words.report_percent.format(value=round(share * 100))


def decimal(value: float, words: TrainingText) -> str:
    """A number to two places with its language's decimal separator (0.50, 0,50)."""
    return f"{value:.2f}".replace(".", words.report_decimal_separator)


def _table(headers: list[str], rows: list[list[str]], numbers: tuple[int, ...] = (1, 2)) -> list[str]:
    """A Markdown table; the columns in `numbers` are right-aligned. Cells are already escaped."""
    rule = ["---:" if index in numbers else "---" for index in range(len(headers))]
    lines = ["| " + " | ".join(md_inline(h) for h in headers) + " |", "|" + "|".join(rule) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


# --- texts both views show (plain; each view escapes them its own way) ------------------


def most_common_text(question: Mapping[str, Any], words: TrainingText) -> str:
    """The most common answer with its share, or each of the answers tied for it."""
    share = percent(question["most_common_share"], words) if question["most_common_share"] is not None else ""
    if question["most_common"] is not None:
        return f"{question['most_common']} ({share})"
    if len(question["top_answers"]) > 1:
        return words.report_tie.format(tied=" / ".join(question["top_answers"]), share=share)
    return ""


def most_often_text(group: Mapping[str, Any], words: TrainingText) -> str | None:
    """Which recommendation came out most often, or which tied for it; None if none came out."""
    labels = {item["value"]: item["label"] for item in group["outcomes"]}
    top = group["most_often"]
    if not top:
        return None
    count = next(item["count"] for item in group["outcomes"] if item["value"] == top[0])
    if len(top) == 1:
        return words.report_most_often.format(outcome=labels[top[0]], reached=count, of=group["summaries"])
    return words.report_most_often_tie.format(outcomes=" / ".join(labels[value] for value in top), reached=count, of=group["summaries"])


def reference_summary(group: Mapping[str, Any], words: TrainingText) -> str:
    """How many reached the reference recommendation (or that there are no summaries to tell)."""
    reference = group["reference"]
    if not reference["of"]:
        return words.report_case_no_summaries
    if isinstance(reference["recommendation"], list):
        titles: dict[str, str] = {item["id"]: item["title"] for found in group["lists"] for item in found["items"]}
        shown = ", ".join(titles.get(item, str(item)) for item in reference["recommendation"]) or words.report_none
        return words.report_case_recommendations.format(recommendations=shown, matched=reference["matched"], of=reference["of"])
    label = next((item["label"] for item in group.get("outcomes", []) if item["value"] == reference["recommendation"]), None)
    shown = label or str(reference["recommendation"])
    return words.report_case_recommendation.format(recommendation=shown, matched=reference["matched"], of=reference["of"])


def reference_rows(group: Mapping[str, Any], words: TrainingText) -> list[dict[str, str]]:
    """Per question of the reference: prompt, id, the reference answer in words, how many gave it, and the note."""
    questions = {question["id"]: question for question in group["questions"]}
    rows = []
    for item in group["reference"]["questions"]:
        question = questions[item["question"]]
        labels = {str(answer["value"]): answer["label"] for answer in question["answers"]}
        values = item["reference"] if isinstance(item["reference"], list) else [item["reference"]]
        rows.append({
            "prompt": question["prompt"],
            "id": item["question"],
            "reference": "; ".join(labels.get(str(value), str(value)) for value in values),  # labels may hold commas
            "same": words.report_matched_of.format(matched=item["matched"], of=item["of"]),
            "share": percent(item["share"], words) if item["of"] else "",
            "note": item["note"] or "",
        })  # fmt: skip
    return rows


SMALL_GROUP = 3  # fewer participants than this: the counts are close to each one's own answers


def caveats(group: Mapping[str, Any], words: TrainingText) -> list[str]:
    """One line per private section (its answers are not in the report), and one if the group is so small it is personal."""
    texts = [words.report_private_left_out.format(section=section["title"]) for section in group["private_sections"]]
    if 0 < group["participants"] < SMALL_GROUP:
        texts.append(words.report_small_group.format(count=group["participants"]))
    return texts


def to_markdown(report: Mapping[str, Any], words: TrainingText) -> str:
    parts: list[str] = []
    for group in report["checklists"]:
        parts += _group_markdown(group, report.get("date"), words, report.get("case"))
    if not parts:
        parts = [f"_{md_inline(words.report_nothing)}_", ""]
    return "\n".join(parts)


def _counts_rows(items: list[dict[str, Any]], words: TrainingText) -> list[list[str]]:
    return [[md_inline(str(item["label"])), str(item["count"]), percent(item["share"], words)] for item in items]


def _reference_markdown(group: Mapping[str, Any], case: Mapping[str, Any], words: TrainingText) -> list[str]:
    parts = [f"## {md_inline(words.report_case.format(title=case['title']))}", "", md_text(words.report_case_intro), ""]
    parts += [f"**{md_inline(reference_summary(group, words))}**", ""]
    if not group["with_answers"]:
        return [*parts, f"_{md_inline(words.report_no_answers)}_", ""]
    headers = [words.report_question, words.report_reference_answer, words.report_same_answer]
    headers += [words.report_share, words.report_trainer_note]
    rows = [
        [f"{md_inline(row['prompt'])} (`{row['id']}`)", *(md_inline(row[key]) for key in REFERENCE_CELLS)]
        for row in reference_rows(group, words)
    ]
    return parts + _table(headers, rows, numbers=(2, 3))


def _group_markdown(group: Mapping[str, Any], date: str | None, words: TrainingText, case: Mapping[str, Any] | None = None) -> list[str]:
    parts = [f"# {md_inline(words.report_title.format(checklist=group['title']))}", ""]
    if date:
        parts += [f"{md_inline(words.report_date)}: {md_inline(date)}", ""]
    basis = words.report_basis.format(summaries=group["summaries"], answers=group["answers_files"], participants=group["participants"])
    parts += [md_inline(basis), "", f"_{md_inline(words.report_no_names)}_", ""]
    parts += [line for text in caveats(group, words) for line in (f"_{md_inline(text)}_", "")]
    if case is not None and "reference" in group:
        parts += _reference_markdown(group, case, words)
    columns = [words.report_answer, words.report_count, words.report_share]
    if "outcomes" in group:
        parts += [f"## {md_inline(words.report_outcomes)}", ""]
        parts += _table([words.report_recommendation, words.report_count, words.report_share], _counts_rows(group["outcomes"], words))
        most_often = most_often_text(group, words)
        if most_often:
            parts += [md_inline(most_often), ""]
        if group["overridden"]:
            parts += [f"### {md_inline(words.report_final_formats)}", ""]
            rows = _counts_rows(group["final_formats"], words)
            parts += _table([words.report_recommendation, words.report_count, words.report_share], rows)
            parts += [md_inline(words.report_overridden.format(count=group["overridden"], total=group["summaries"])), ""]
    for found in group["lists"]:
        parts += [f"## {md_inline(words.report_lists.format(title=found['title']))}", ""]
        rows = [[md_inline(item["title"]), str(item["count"]), percent(item["share"], words)] for item in found["items"]]
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
                decimal(q["disagreement"], words),
                md_inline(most_common_text(q, words)),
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
                [md_inline(words.report_text_empty), str(question["left_empty"])],
            ]
            if question["not_asked"]:
                rows.append([md_inline(words.report_not_asked), str(question["not_asked"])])
            parts += _table([words.report_answer, words.report_count], rows)
            continue
        rows = _counts_rows(question["answers"], words)
        # Not counted in the shares: left empty (asked, no answer) and not asked (the question did not apply).
        for word, count in ((words.report_text_empty, question["left_empty"]), (words.report_not_asked, question["not_asked"])):
            if count:
                rows.append([f"_{md_inline(word)}_", str(count), ""])
        parts += _table(columns, rows)
    return parts


def to_json(report: Mapping[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
