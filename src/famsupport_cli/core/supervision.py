"""The private supervision record `reflect` writes by default (pure: result in, text out).

It is for the practitioner and their supervisor or peer group, never the case file, and says so
at the top and in the footer: what they noticed in themselves (the checklist's `record_answers`),
the recommendations chosen for them and why, the next steps, and the questions for supervision,
with their own topic (a list's `with_answers`) among them. `--after` links it to the decide note
by its date and kind, never by a path. The full sheet (`--detail full`) keeps everything else.
"""

from __future__ import annotations

from famsupport_cli.content import yamlfile
from famsupport_cli.content.bundle import Bundle
from famsupport_cli.content.models import FindingList, Question
from famsupport_cli.core.engine import Finding, Result
from famsupport_cli.core.summary import Meta, after_label, display_value, front_matter, md_content, md_inline, md_quote, outcome_label


def supervision_record(result: Result, bundle: Bundle, meta: Meta) -> str:
    checklist, ui = result.checklist, bundle.ui
    parts = ["---", yamlfile.dump(front_matter(result, meta)).rstrip(), "---", "", f"# {md_content(ui.record_title)}", ""]
    parts += [f"_{md_content(ui.record_label)}_", ""]
    parts += _session_part(result, bundle, meta)
    parts += _noticed_part(result, bundle)
    for finding_list in checklist.lists:
        if finding_list.note != "left-out":
            parts += _list_part(finding_list, result, bundle)
    footer = ui.record_footer.format(version=meta.tool_version, content_version=checklist.version)
    parts += ["---", "", f"_{md_content(footer)}_", ""]
    return "\n".join(parts)


def _session_part(result: Result, bundle: Bundle, meta: Meta) -> list[str]:
    ui = bundle.ui
    lines = [f"**{md_content(result.checklist.title)}**", md_content(ui.casenote_prepared.format(date=meta.date[:10]))]
    if meta.session_date:
        lines.append(f"{md_content(ui.session_date)}{ui.colon}{md_inline(meta.session_date)}")
    if meta.case_ref:
        lines.append(f"{md_content(ui.case_reference)}{ui.colon}{md_inline(meta.case_ref)}")
    if meta.after:
        decided = bundle.checklists.get(meta.after["kind"])
        shown = outcome_label(decided, meta.after["format"]) if decided is not None else meta.after["format"]
        lines.append(md_content(ui.record_after.format(date=meta.after["date"], kind=meta.after["kind"], format=shown)))
    return ["\\\n".join(lines), ""]


def _noticed_part(result: Result, bundle: Bundle) -> list[str]:
    lines: list[str] = []
    for question_id in result.checklist.record_answers:
        lines += _answer_lines(result.checklist.question_index.get(question_id), result, bundle)
    return [f"## {md_content(bundle.ui.record_noticed)}", "", *lines] if lines else []


def _answer_lines(question: Question | None, result: Result, bundle: Bundle) -> list[str]:
    """One answer under its question: a choice in words, free text quoted as typed."""
    if question is None or question.id not in result.answers:
        return []
    value = result.answers[question.id]
    heading = f"- **{md_content(question.prompt)}**"
    if question.type == "text":
        if not isinstance(value, str) or not value.strip():
            return []
        return [heading, "", "  " + md_quote(value).replace("\n", "\n  "), ""]
    return [heading, f"  {md_content(display_value(question, value, bundle))}", ""]


def _list_part(finding_list: FindingList, result: Result, bundle: Bundle) -> list[str]:
    """A list by its content title: the practitioner's own answers for it first, then its items."""
    own: list[str] = []
    for question_id in finding_list.with_answers:
        own += _answer_lines(result.checklist.question_index.get(question_id), result, bundle)
    findings = result.findings.get(finding_list.id, ())
    if not own and not findings:
        return []
    lines = [f"## {md_content(finding_list.title)}", "", *own]
    marker = "- [ ]" if finding_list.as_tasks else "-"
    lines += [_item_line(f, marker, finding_list.note, bundle) for f in findings]
    return [*lines, ""]


def _item_line(finding: Finding, marker: str, shown: str, bundle: Bundle) -> str:
    """In full: what to do. With why: the item and why it was chosen for this session. By title: the item."""
    said = {"in-full": finding.text, "with-why": finding.because}.get(shown)
    text = f"{after_label(finding.title, bundle.ui.colon)}{md_content(said)}" if said else ""
    return f"{marker} **{md_content(finding.title)}**{text}"
