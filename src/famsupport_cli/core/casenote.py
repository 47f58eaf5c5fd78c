"""The case note `decide` writes by default: one page for the case file (pure: result in, text out).

A family can ask to see their case file (a subject access request under the GDPR), so the note
holds what the file needs and nothing else: the format chosen and why (red flags first; for a
format chosen against going online, not what held for it), the agreements still to make and
those the answers already settle, the checks for the start of the session, the safeguarding
steps, the practitioner's own notes and the next steps. The practitioner's own wellbeing stays
out (a list with `note: left-out`); the note says at most that the session goes past the agreed
daily limit. The full sheet (`--detail full`, core/summary.py) keeps every reason, why and source.
"""

from __future__ import annotations

import dataclasses

from famsupport_cli.content import yamlfile
from famsupport_cli.content.bundle import Bundle
from famsupport_cli.content.models import FindingList
from famsupport_cli.content.ui import UiText
from famsupport_cli.core.engine import Finding, Reason, Result
from famsupport_cli.core.summary import (
    Meta,
    after_label,
    display_value,
    front_matter,
    md_content,
    md_inline,
    md_quote,
    outcome_label,
    reason_label,
    settled_by,
)


def note_view(result: Result) -> Result:
    """The result as the note shows it: the deciding reasons, the lists in the note, the agreements still to make.

    The terminal shows this view after a walk with `--detail note`, so it says what the file says.
    """
    verdict = result.verdict
    if verdict is not None:
        verdict = dataclasses.replace(verdict, reasons=deciding_reasons(result))
    findings = {
        finding_list.id: tuple(f for f in result.findings.get(finding_list.id, ()) if settled_by(f, result) is None)
        for finding_list in result.checklist.lists
        if finding_list.note != "left-out"
    }
    lists = [finding_list for finding_list in result.checklist.lists if finding_list.note != "left-out"]
    checklist = result.checklist.model_copy(update={"lists": lists})
    return dataclasses.replace(result, checklist=checklist, verdict=verdict, findings=findings)


def deciding_reasons(result: Result) -> tuple[Reason, ...]:
    """The few reasons that decided the format: red flags first, then what is missing or open.

    What held for going online is a reason only when everything held (then it is why online
    was recommended); for a format chosen because of red flags, only the flags count.
    """
    verdict = result.verdict
    if verdict is None:
        return ()
    flags = tuple(r for r in verdict.reasons if r.kind == "red-flag")
    gaps = tuple(r for r in verdict.reasons if r.kind in ("fails", "unsure"))
    if flags:
        return flags
    return gaps or tuple(r for r in verdict.reasons if r.kind == "holds")


def case_note(result: Result, bundle: Bundle, meta: Meta) -> str:
    checklist, ui = result.checklist, bundle.ui
    parts = ["---", yamlfile.dump(front_matter(result, meta)).rstrip(), "---", "", f"# {md_content(ui.casenote_title)}", ""]
    parts += _when_and_reference(bundle, meta)
    if result.verdict is not None:
        parts += _format_part(result, bundle)
    for finding_list in checklist.lists:
        if finding_list.note != "left-out":
            parts += _list_part(finding_list, result, bundle)
    if _past_limit(result):
        parts += [md_content(ui.casenote_past_limit, one_line=False), ""]
    parts += _notes_part(result, bundle)
    parts += _next_steps(result, bundle)
    footer = ui.casenote_footer.format(version=meta.tool_version, content_version=checklist.version)
    parts += ["---", "", f"_{md_content(footer)}_", ""]
    return "\n".join(parts)


def _when_and_reference(bundle: Bundle, meta: Meta) -> list[str]:
    """When it was prepared, for which session, under which case reference: one short line each."""
    ui = bundle.ui
    lines = [md_content(ui.casenote_prepared.format(date=meta.date[:10]))]
    if meta.session_date:
        lines.append(f"{md_content(ui.session_date)}{ui.colon}{md_inline(meta.session_date)}")
    if meta.case_ref:
        lines.append(f"{md_content(ui.case_reference)}{ui.colon}{md_inline(meta.case_ref)}")
    return ["\\\n".join(lines), ""]


def _format_part(result: Result, bundle: Bundle) -> list[str]:
    verdict = result.verdict
    assert verdict is not None
    checklist, ui = result.checklist, bundle.ui
    lines = [f"**{md_content(ui.casenote_format)}{ui.colon}{md_content(outcome_label(checklist, verdict.final))}**", ""]
    if verdict.overridden:
        lines += [f"{md_content(ui.casenote_recommended_instead)}{ui.colon}{md_content(outcome_label(checklist, verdict.recommended))}", ""]
        reason = md_quote(verdict.override_reason or ui.not_answered)
        lines += [f"{md_content(ui.casenote_reason_for_choice)}{ui.colon.rstrip()}", "", reason, ""]
    if verdict.preference is not None:
        shown = display_value(checklist.question_index.get(verdict.preference.question_id), verdict.preference.value, bundle)
        lines += [f"{md_content(ui.preference)}{ui.colon}{md_content(shown)}", ""]
    reasons = deciding_reasons(result)
    heading = ui.casenote_recommendation_rested_on if verdict.overridden else ui.casenote_decided_by
    lines += [f"## {md_content(heading)}", ""]
    if reasons and all(r.kind == "holds" for r in reasons):
        lines += [md_content(ui.casenote_all_in_place), ""]
        lines += [f"- {md_content(r.title)}" for r in reasons]
    elif reasons[:1] and reasons[0].kind == "red-flag":
        lines += [f"- **{md_content(reason_label(ui, r))}.** {md_content(r.text)}" for r in reasons]
    else:
        lines += _gap_lines(reasons, ui)
    return [*lines, ""]


def _gap_lines(gaps: tuple[Reason, ...], ui: UiText) -> list[str]:
    """What is missing, then what is still open: each kind named once, each gap in its own sentence.

    A gap once showed only the criterion's title ("Not in place for a fully online session: You
    already know each other well"), which a family member reading the file takes for a fact.
    """
    lines: list[str] = []
    for kind in ("fails", "unsure"):
        of_kind = [r for r in gaps if r.kind == kind]
        if of_kind:
            lines += [f"**{md_content(reason_label(ui, of_kind[0]))}**", ""]
            lines += [*(f"- {md_content(r.text)}" for r in of_kind), ""]
    return lines[:-1]


def _list_part(finding_list: FindingList, result: Result, bundle: Bundle) -> list[str]:
    """A list of the result, in full or by title as the content says; the agreements already settled apart."""
    ui = bundle.ui
    findings = result.findings.get(finding_list.id, ())
    if not findings:
        return []
    settled = {f.rule_id: settled_by(f, result) for f in findings}
    open_items = [f for f in findings if settled[f.rule_id] is None]
    lines = [f"## {md_content(finding_list.title)}", ""]
    lines += [_item_line(f, finding_list.note, colon=ui.colon) for f in open_items]
    done = [f for f in findings if settled[f.rule_id] is not None]
    if done:
        lines += [*([""] if open_items else []), f"{md_content(ui.casenote_agreed)}{ui.colon.rstrip()}", ""]
    for finding in done:
        cited = settled[finding.rule_id] or ()
        answers = "; ".join(display_value(result.checklist.question_index.get(c.question_id), c.value, bundle) for c in cited)
        lines.append(f"- [x] {md_content(finding.title)}{after_label(finding.title, ui.colon)}{md_content(answers)}")
    return [*lines, ""]


def _item_line(finding: Finding, shown: str, *, colon: str) -> str:
    said = {"in-full": finding.text, "with-why": finding.because}.get(shown)
    text = f"{after_label(finding.title, colon)}{md_content(said)}" if said else ""
    return f"- [ ] **{md_content(finding.title)}**{text}"


def _past_limit(result: Result) -> bool:
    past = {rule.id for rule in result.checklist.rules if rule.past_limit}
    return any(f.rule_id in past for findings in result.findings.values() for f in findings)


def _notes_part(result: Result, bundle: Bundle) -> list[str]:
    """The practitioner's own notes for the file (the checklist's `record_answers`), quoted as typed."""
    lines: list[str] = []
    for question_id in result.checklist.record_answers:
        value = result.answers.get(question_id)
        if isinstance(value, str) and value.strip():
            lines += [md_quote(value), ""]
    return [f"## {md_content(bundle.ui.casenote_notes)}", "", *lines] if lines else []


def _next_steps(result: Result, bundle: Bundle) -> list[str]:
    """One step for each list with items still open (its `note_step`), then the reflection afterwards."""
    steps = [
        finding_list.note_step
        for finding_list in result.checklist.lists
        if finding_list.note != "left-out"
        and finding_list.note_step
        and any(settled_by(f, result) is None for f in result.findings.get(finding_list.id, ()))
    ]
    steps.append(bundle.ui.casenote_step_reflect)
    return [f"## {md_content(bundle.ui.next_steps)}", "", *(f"- [ ] {md_content(step)}" for step in steps), ""]
