"""Rendering a result as the full Markdown sheet or as JSON (pure: text in, text out), and what
the shorter documents (core/casenote.py, core/supervision.py) share with it.

Free text typed by the practitioner is escaped so it can never add a heading, a
list, a link or HTML to the document: it always reads as plain text. The content's own
text (titles, intros, reasons, interface words) may hold Markdown code spans, such as
`famsupport recommendations`, which render as code; everything else in it is literal too
(`md_content`), since a content pack is a file like any other.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from famsupport_cli.content import yamlfile
from famsupport_cli.content.bundle import Bundle
from famsupport_cli.content.models import DONT_KNOW, NOT_APPLICABLE, Checklist, Question
from famsupport_cli.content.ui import UiText
from famsupport_cli.core.conditions import AnswerValue, holds
from famsupport_cli.core.engine import CitedAnswer, Finding, Reason, Result, cite
from famsupport_cli.render.safe import json_escaped, stripped

SUMMARY_FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Meta:
    """What the front matter records about the run."""

    tool_version: str
    language: str
    date: str
    # The names of the options given (`answers`, `no-input`, `date`), never their values: a file
    # named after a family must not put the family's name into the document.
    options: tuple[str, ...] = ()
    detail: str = "full"  # "note": the case note or supervision record; "full": the whole sheet
    case_ref: str | None = None  # non-identifying, checked like free text before anything is written
    session_date: str | None = None  # ISO date of the planned session
    after: dict[str, str] | None = None  # reflect --after: the decide note's kind, date and format


# --- values in words -----------------------------------------------------------------


def display_value(question: Question | None, value: AnswerValue | None, bundle: Bundle) -> str:
    """An answer as the practitioner would say it: option labels, not ids."""
    ui = bundle.ui
    if value is None:
        return ui.not_answered
    if value == DONT_KNOW:
        return ui.dont_know
    if value == NOT_APPLICABLE:
        return ui.not_applicable
    if question is None:
        return str(value)
    if question.type == "yesno":
        return ui.yes if value == "yes" else ui.no
    if isinstance(value, list):
        return "; ".join(_label(question, item) for item in value) or ui.not_answered
    if question.type == "scale":
        ends = f" ({question.min_label} … {question.max_label})" if question.min_label and question.max_label else ""
        return ui.scale_value.format(value=value, max=question.max) + ends
    return _label(question, str(value))


def _label(question: Question, value: str) -> str:
    """The option's label, or the value itself if no option has it."""
    return next((option.label for option in question.options or () if option.value == value), value)


def kind_label(ui: UiText, kind: str | None) -> str:
    """The words for a kind of reason: a red flag, a criterion that holds, fails or is unsure."""
    labels = {"red-flag": ui.reason_red_flag, "holds": ui.reason_holds, "fails": ui.reason_fails, "unsure": ui.reason_unsure}
    return labels.get(kind or "", "")


def after_label(label: str, colon: str) -> str:
    """What joins a label to its text: the language's colon, or a space after a question or exclamation mark."""
    return " " if label.rstrip().endswith(("?", "!")) else colon


def reason_label(ui: UiText, reason: Reason) -> str:
    """A reason's label; a red flag that names its own format decides it rather than speaking against going online."""
    if reason.kind == "red-flag" and reason.outcome is not None:
        return ui.reason_red_flag_own_outcome
    return kind_label(ui, reason.kind)


def outcome_label(checklist: Checklist, value: str) -> str:
    for outcome in checklist.decision.outcomes if checklist.decision else []:
        if outcome.value == value:
            return outcome.label
    return value


# --- Markdown safety -----------------------------------------------------------------

# Enough to neutralise emphasis, code, links, HTML, headings and tables; ( ) stay readable.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
# Ordinary white space only: str.split() would also eat the no-break spaces of French typography.
_RUNS_OF_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_LINE_START = re.compile(r"^(\s*)([-=+>]|\d+[.)])")


def md_text(text: str) -> str:
    """Escape text so Markdown shows it literally: no headings, lists, links or HTML."""
    lines = []
    for raw in stripped(text).split("\n"):  # as typed, minus control characters and bidi overrides
        escaped = _INLINE_SPECIAL.sub(r"\\\1", raw)
        escaped = _LINE_START.sub(lambda m: m.group(1) + "".join(c if c.isdigit() else "\\" + c for c in m.group(2)), escaped)
        lines.append(escaped.strip())
    return "\n".join(lines)


def md_quote(text: str) -> str:
    """Free text as a block quote; every line stays inside the quote."""
    lines = md_text(text).split("\n")
    # A trailing backslash is a hard line break; only between two lines of the same paragraph.
    breaks = [bool(line) and index + 1 < len(lines) and bool(lines[index + 1]) for index, line in enumerate(lines)]
    return "\n".join(f"> {line}\\" if hard else f"> {line}".rstrip() for line, hard in zip(lines, breaks, strict=True))


def md_inline(text: str) -> str:
    """Free text on one line (for tables and lists)."""
    return md_text(_RUNS_OF_SPACE.sub(" ", text).strip())


# A code span as CommonMark reads it: a run of backticks, text, the same run again.
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)


def md_content(text: str, *, one_line: bool = True) -> str:
    """The content's own text: its code spans render as code, everything else stays literal."""
    text = stripped(text)
    if one_line:
        text = _RUNS_OF_SPACE.sub(" ", text).strip()
    escape = md_inline if one_line else md_text
    parts: list[str] = []
    last = 0
    for span in _CODE_SPAN.finditer(text):
        parts.append(_spaced(escape(text[last : span.start()]), text[last : span.start()]))
        parts.append(span.group(0))
        last = span.end()
    parts.append(_spaced(escape(text[last:]), text[last:]))
    return "".join(parts)


def _spaced(escaped: str, raw: str) -> str:
    """An escaped piece beside a code span keeps the spaces at its ends (the escaping strips them)."""
    if not raw.strip():
        return raw if raw else ""
    lead = raw[: len(raw) - len(raw.lstrip())]
    trail = raw[len(raw.rstrip()) :]
    return lead + escaped + trail


# --- Markdown --------------------------------------------------------------------------


def to_markdown(result: Result, bundle: Bundle, meta: Meta) -> str:
    checklist = result.checklist
    ui = bundle.ui
    parts = ["---", yamlfile.dump(front_matter(result, meta)).rstrip(), "---", "", f"# {md_content(checklist.title)}", ""]
    label = ui.sheet_label if checklist.decision is not None else ui.sheet_label_reflection
    parts += [f"_{md_content(label)}_", ""]  # found in a case file, it says at once what it is
    if result.verdict is not None:
        parts += _verdict_markdown(result, bundle)
    for finding_list in checklist.lists:
        parts += [f"## {md_content(finding_list.title)}", ""]
        if finding_list.intro:
            parts += [md_content(finding_list.intro, one_line=False), ""]
        findings = result.findings.get(finding_list.id, ())
        if not findings:
            parts += [f"_{md_inline(ui.nothing_in_list)}_", ""]
        for finding in findings:
            parts += _finding_markdown(finding, checklist, bundle, as_task=finding_list.as_tasks)
    parts += _answers_markdown(result, bundle)
    parts += _sources_markdown(result, bundle)
    footer = ui.footer if checklist.decision is not None else ui.footer_reflection
    parts += ["---", "", f"_{md_content(footer.format(version=meta.tool_version, content_version=checklist.version))}_", ""]
    return "\n".join(parts)


def front_matter(result: Result, meta: Meta) -> dict[str, Any]:
    data: dict[str, Any] = {
        "famsupport": SUMMARY_FORMAT_VERSION,
        "kind": result.checklist.id,
        "tool_version": meta.tool_version,
        "content_version": result.checklist.version,
        "language": meta.language,
        "date": meta.date,
        "detail": meta.detail,
        "options": list(meta.options),
    }
    if meta.session_date is not None:
        data["session_date"] = meta.session_date
    if meta.case_ref is not None:
        data["case_ref"] = meta.case_ref
    if meta.after is not None:
        data["after"] = dict(meta.after)
    if result.verdict is not None:
        data["recommendation"] = result.verdict.recommended
        data["final_format"] = result.verdict.final
        data["overridden"] = result.verdict.overridden
    recommendations = [f.recommendation.id for fs in result.findings.values() for f in fs if f.recommendation]
    if recommendations:
        data["recommendations"] = recommendations
    # The ids in every result list, for `famsupport report`; a note leaves out the lists kept out of it.
    shown = [fl for fl in result.checklist.lists if fl.note != "left-out" or meta.detail == "full"]
    if shown:
        data["findings"] = {
            finding_list.id: [f.recommendation.id if f.recommendation else f.rule_id for f in result.findings.get(finding_list.id, ())]
            for finding_list in shown
        }
    return data


def _verdict_markdown(result: Result, bundle: Bundle) -> list[str]:
    verdict = result.verdict
    assert verdict is not None
    checklist, ui = result.checklist, bundle.ui
    lines = [f"## {md_inline(ui.recommendation)}", ""]
    lines.append(f"**{md_inline(ui.recommended)}{ui.colon}{md_inline(outcome_label(checklist, verdict.recommended))}**")
    lines.append("")
    summary = next((o.summary for o in checklist.decision.outcomes if o.value == verdict.recommended), "") if checklist.decision else ""
    if summary:
        lines += [md_content(summary, one_line=False), ""]
    if verdict.overridden:
        lines += [f"**{md_inline(ui.final_choice)}{ui.colon}{md_inline(outcome_label(checklist, verdict.final))}**", ""]
        lines += [f"{md_inline(ui.override_reason)}{ui.colon.rstrip()}", "", md_quote(verdict.override_reason or ui.not_answered), ""]
    if verdict.preference is not None:
        shown = display_value(_question(checklist, verdict.preference.question_id), verdict.preference.value, bundle)
        lines += [f"{md_inline(ui.preference)}{ui.colon}**{md_inline(shown)}**", ""]
    lines += [f"### {md_inline(ui.reasons)}", ""]
    for reason in verdict.reasons:
        lines += _reason_markdown(reason, reason_label(ui, reason), result, bundle)
    return [*lines, ""]


def _reason_markdown(reason: Reason, kind: str, result: Result, bundle: Bundle) -> list[str]:
    title = "" if reason.kind == "red-flag" else f"{md_content(reason.title)}{after_label(reason.title, bundle.ui.colon)}"
    lines = [f"- **{md_content(kind)}.** {title}{md_content(reason.text)}"]
    lines += [f"  - {md_inline(bundle.ui.based_on)}{bundle.ui.colon}{_cited_inline(cited, result, bundle)}" for cited in reason.answers]
    return lines


def _cited_inline(cited: CitedAnswer, result: Result, bundle: Bundle) -> str:
    question = _question(result.checklist, cited.question_id)
    return f"{md_content(cited.prompt)} → {md_inline(display_value(question, cited.value, bundle))} (`{cited.question_id}`)"


def _finding_markdown(finding: Finding, checklist: Checklist, bundle: Bundle, *, as_task: bool) -> list[str]:
    ui = bundle.ui
    marker = "- [ ]" if as_task else "-"
    lines = [f"{marker} **{md_content(finding.title)}**"]
    if finding.recommendation is not None:
        level = next((lv.title for lv in bundle.recommendations.levels if lv.id == finding.recommendation.level), "")
        lines.append(f"  - {md_inline(ui.level)}{ui.colon}{md_inline(level)}")
    lines.append(f"  - {md_content(finding.text)}")
    if finding.recommendation is not None:
        lines.append(f"  - {md_inline(ui.things_to_try)}{ui.colon.rstrip()}")
        lines += [f"    - {md_content(step)}" for step in finding.recommendation.try_]
    lines.append(f"  - {md_inline(ui.because)}{ui.colon}{md_content(finding.because)}")
    for cited in finding.answers:
        shown = display_value(_question(checklist, cited.question_id), cited.value, bundle)
        lines.append(f"    - {md_content(cited.prompt)} → {md_inline(shown)} (`{cited.question_id}`)")
    return [*lines, ""]


def _answers_markdown(result: Result, bundle: Bundle) -> list[str]:
    ui = bundle.ui
    lines = [f"## {md_inline(ui.all_answers)}", ""]
    for section in result.checklist.sections:
        answered = [q for q in section.questions if q.id in result.answers]
        if not answered:
            continue
        lines += [f"### {md_content(section.title)}", ""]
        for question in answered:
            value = result.answers[question.id]
            lines.append(f"- **{md_content(question.prompt)}** (`{question.id}`)")
            if question.type == "text" and isinstance(value, str):
                quoted = md_quote(value).replace("\n", "\n  ")
                lines += ["", f"  {quoted}", ""]
            else:
                lines.append(f"  {md_inline(display_value(question, value, bundle))}")
        lines.append("")
    return lines


def _sources_markdown(result: Result, bundle: Bundle) -> list[str]:
    lines = [f"## {md_inline(bundle.ui.sources_drawn_on)}", ""]
    for source_id in result.sources_used():
        source = bundle.sources[source_id]
        text = source.title
        if source.publisher:
            text += f", {source.publisher}"
        if source.date:
            text += f" ({source.date})"
        if source.kind == "synthesis":
            text += f": {bundle.ui.source_kind_synthesis}"
        lines.append(f"- `{source.id}`: {md_inline(text)}" + (f" <{source.url}>" if source.url else ""))
    return [*lines, ""]


def _question(checklist: Checklist, question_id: str) -> Question | None:
    """The question an answer belongs to; None for a fact."""
    return checklist.question_index.get(question_id)


# --- JSON ------------------------------------------------------------------------------


def to_data(result: Result, meta: Meta) -> dict[str, Any]:
    """The result as plain data; `recommendation`, `reasons`, `agreements`, `wellbeing`, `answers` are public."""
    checklist = result.checklist
    data: dict[str, Any] = front_matter(result, meta)
    data.pop("detail", None)  # the data is always complete, whatever the detail of the document
    data["findings"] = {fl.id: [_finding_id(f) for f in result.findings.get(fl.id, ())] for fl in checklist.lists}
    if result.verdict is not None:
        verdict = result.verdict
        data["recommendation"] = verdict.recommended
        data["final_format"] = verdict.final
        data["override_reason"] = stripped(verdict.override_reason) if verdict.override_reason is not None else None
        data["preference"] = verdict.preference.value if verdict.preference else None
        data["reasons"] = [
            {
                "kind": r.kind,
                "id": r.id,
                "title": r.title,
                "text": r.text,
                "answers": [_cited_data(c) for c in r.answers],
                "sources": list(r.sources),
            }
            for r in verdict.reasons
        ]
    for finding_list in checklist.lists:
        data[finding_list.id] = [_finding_data(f, result) for f in result.findings.get(finding_list.id, ())]
    data["answers"] = {qid: stripped(value) if isinstance(value, str) else value for qid, value in result.answers.items()}
    data["sources"] = result.sources_used()
    return data


def _finding_id(finding: Finding) -> str:
    return finding.recommendation.id if finding.recommendation else finding.rule_id


def _cited_data(cited: CitedAnswer) -> dict[str, Any]:
    return {"question": cited.question_id, "value": cited.value}


def _finding_data(finding: Finding, result: Result) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": finding.recommendation.id if finding.recommendation else finding.rule_id,
        "rule": finding.rule_id,
        "title": finding.title,
        "text": finding.text,
        "why": finding.because,
        "answers": [_cited_data(c) for c in finding.answers],
        "sources": list(finding.sources),
    }
    if finding.recommendation is not None:
        data["level"] = finding.recommendation.level
        data["try"] = list(finding.recommendation.try_)
    settled = settled_by(finding, result)
    if settled is not None:
        data["settled"] = [_cited_data(c) for c in settled]
    return data


def settled_by(finding: Finding, result: Result) -> tuple[CitedAnswer, ...] | None:
    """The answers that already settle an agreement (its rule's `settled_when`), or None if it is still to make."""
    rule = next((r for r in result.checklist.rules if r.id == finding.rule_id), None)
    if rule is None or rule.settled_when is None:
        return None
    seen = {**result.facts, **result.answers}
    return cite(result.checklist, rule.settled_when, seen) if holds(rule.settled_when, seen) else None


def to_json(result: Result, meta: Meta) -> str:
    return json_escaped(json.dumps(to_data(result, meta), indent=2, ensure_ascii=False) + "\n")
