"""Trainings: a case as a handout, and a participant's result compared with the trainer's reference.

Pure: content, a vignette and two results in; data and text out. The comparison is
debrief material: every question answered differently (in labels, with the trainer's
note), whether the recommendation differs, and the reasons behind each side.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from famsupport_cli.content.bundle import Bundle
from famsupport_cli.content.models import Checklist, Question
from famsupport_cli.content.vignettes import TrainingText, Vignette
from famsupport_cli.core.conditions import AnswerValue
from famsupport_cli.core.engine import Reason, Result
from famsupport_cli.core.summary import display_value, kind_label, md_inline, md_text, outcome_label
from famsupport_cli.errors import invalid_input
from famsupport_cli.messages import Text

# --- the list and the handout --------------------------------------------------------


# --- vignettes whose references were checked (checks.vignettes) ---------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Reference:
    """A checked reference: the answers that apply (defaults filled in) and their result."""

    checklist_id: str
    answers: dict[str, AnswerValue]
    result: Result
    why: dict[str, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadedVignette:
    vignette: Vignette
    file: str  # how messages name the file
    references: dict[str, Reference]

    @property
    def id(self) -> str:
        return self.vignette.id

    def reference(self, checklist_id: str) -> Reference:
        try:
            return self.references[checklist_id]
        except KeyError:
            raise invalid_input(
                Text("case_has_no_reference", case=self.id, checklist=checklist_id),
                hint=Text("case_references", checklists=", ".join(self.references)),
            ) from None


def list_data(vignettes: list[LoadedVignette]) -> list[dict[str, Any]]:
    """id, title, summary and the reference decide recommendation of every case."""
    rows = []
    for item in vignettes:
        decide = item.references.get("decide")
        verdict = decide.result.verdict if decide else None
        rows.append({
            "id": item.id,
            "title": item.vignette.title,
            "summary": item.vignette.summary,
            "recommendation": verdict.recommended if verdict else None,
            "recommendation_label": outcome_label(decide.result.checklist, verdict.recommended) if decide and verdict else None,
            "checklists": sorted(item.references),
        })  # fmt: skip
    return rows


def handout_markdown(bundle: Bundle, item: LoadedVignette, words: TrainingText, *, trainer: bool = False) -> str:
    """The case for participants; with `trainer`, the reference answers, results and debrief notes too."""
    vignette = item.vignette
    parts = [f"# {md_inline(vignette.title)}", "", f"_{md_inline(vignette.summary)}_", ""]
    parts += [f"## {md_inline(words.handout_story)}", "", md_text(vignette.story.strip()), ""]
    parts += [f"## {md_inline(words.handout_discussion)}", ""]
    parts += [f"{number}. {md_inline(question)}" for number, question in enumerate(vignette.discussion, start=1)]
    parts += ["", f"_{md_inline(words.handout_try_it.format(id=item.id))}_", ""]
    if not trainer:
        return "\n".join(parts)
    parts += ["---", "", f"## {md_inline(words.handout_reference)}", "", md_text(words.handout_reference_intro), ""]
    for reference in item.references.values():
        parts += _reference_markdown(bundle, reference, words)
    parts += [f"## {md_inline(words.handout_trainer_notes)}", "", md_text(vignette.trainer_notes.strip()), ""]
    parts += [f"_{md_inline(bundle.ui.sources_drawn_on)}{bundle.ui.colon}{', '.join(vignette.sources)}_", ""]
    return "\n".join(parts)


def _reference_markdown(bundle: Bundle, reference: Reference, words: TrainingText) -> list[str]:
    result = reference.result
    checklist = result.checklist
    parts = [f"### {md_inline(checklist.title)} (`{checklist.id}`)", ""]
    if result.verdict is not None:
        parts.append(
            f"**{md_inline(words.handout_recommendation)}{bundle.ui.colon}"
            f"{md_inline(outcome_label(checklist, result.verdict.recommended))}**"
        )
        if result.verdict.overridden:
            parts += [
                "",
                f"**{md_inline(words.handout_final_choice)}{bundle.ui.colon}{md_inline(outcome_label(checklist, result.verdict.final))}**",
            ]
        parts.append("")
        for reason in result.verdict.reasons:
            if reason.kind != "holds":
                parts.append(
                    f"- {md_inline(_kind_label(bundle, reason.kind))}{bundle.ui.colon}{md_inline(_reason_text(reason, bundle.ui.colon))}"
                )
        parts.append("")
    else:
        parts += [f"**{md_inline(words.handout_recommendations)}:**", ""]
        parts += [f"- {md_inline(title)}" for title in _surfaced_titles(result)] or [f"- _{md_inline(bundle.ui.nothing_in_list)}_"]
        parts.append("")
    parts += [f"#### {md_inline(words.handout_reference_answers)}", ""]
    for question in checklist.questions():
        if question.id not in reference.answers:
            continue
        shown = display_value(question, reference.answers[question.id], bundle)
        parts.append(f"- {md_inline(question.prompt)} → **{md_inline(shown)}** (`{question.id}`)")
        if question.id in reference.why:
            parts.append(f"  - _{md_inline(words.handout_why)}{bundle.ui.colon}{md_inline(reference.why[question.id])}_")
    return [*parts, ""]


def _surfaced_titles(result: Result) -> list[str]:
    return [f.title for findings in result.findings.values() for f in findings if f.recommendation]


# --- the comparison ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerDifference:
    question_id: str
    prompt: str
    yours: AnswerValue | None
    reference: AnswerValue | None
    yours_label: str | None  # None: not asked (the question did not apply)
    reference_label: str | None
    trainer_note: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReasonDifference:
    """A red flag or criterion that came out differently (kind None: not part of that result)."""

    id: str
    title: str
    yours: str | None
    reference: str | None
    yours_text: str | None
    reference_text: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class FindingDifference:
    """An item of a result list (an agreement, a recommendation, ...) surfaced on one side only."""

    list_id: str
    list_title: str
    id: str
    title: str
    side: str  # "yours" or "reference"
    because: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    vignette_id: str
    vignette_title: str
    checklist_id: str
    checklist_title: str
    compared: int
    same: int
    text_questions_skipped: int
    differences: tuple[AnswerDifference, ...]
    recommendation_yours: str | None
    recommendation_reference: str | None
    final_yours: str | None
    final_reference: str | None
    reasons: tuple[ReasonDifference, ...]
    recommendations_yours: tuple[str, ...]
    recommendations_reference: tuple[str, ...]
    findings: tuple[FindingDifference, ...]

    @property
    def recommendation_differs(self) -> bool:
        if self.recommendation_reference is not None:
            return self.recommendation_yours != self.recommendation_reference
        return sorted(self.recommendations_yours) != sorted(self.recommendations_reference)


def compare(bundle: Bundle, item: LoadedVignette, reference: Reference, yours: Result) -> Comparison:
    """Where the participant's answers and result differ from the reference."""
    checklist = reference.result.checklist
    differences: list[AnswerDifference] = []
    compared = skipped = 0
    for question in checklist.questions():
        mine, theirs = yours.answers.get(question.id), reference.answers.get(question.id)
        if mine is None and theirs is None:
            continue
        if question.type == "text":
            skipped += 1
            continue
        compared += 1
        if _same(mine, theirs):
            continue
        differences.append(
            AnswerDifference(
                question_id=question.id,
                prompt=question.prompt,
                yours=mine,
                reference=theirs,
                yours_label=_label(bundle, question, mine),
                reference_label=_label(bundle, question, theirs),
                trainer_note=reference.why.get(question.id),
            )
        )
    ref_verdict, your_verdict = reference.result.verdict, yours.verdict
    return Comparison(
        vignette_id=item.id,
        vignette_title=item.vignette.title,
        checklist_id=checklist.id,
        checklist_title=checklist.title,
        compared=compared,
        same=compared - len(differences),
        text_questions_skipped=skipped,
        differences=tuple(differences),
        recommendation_yours=your_verdict.recommended if your_verdict else None,
        recommendation_reference=ref_verdict.recommended if ref_verdict else None,
        final_yours=your_verdict.final if your_verdict else None,
        final_reference=ref_verdict.final if ref_verdict else None,
        reasons=_reason_differences(yours, reference.result),
        recommendations_yours=tuple(_surfaced(yours)),
        recommendations_reference=tuple(_surfaced(reference.result)),
        findings=_finding_differences(checklist, yours, reference.result),
    )


def _same(mine: AnswerValue | None, theirs: AnswerValue | None) -> bool:
    if isinstance(mine, list) and isinstance(theirs, list):
        return sorted(mine) == sorted(theirs)
    return mine == theirs


def _label(bundle: Bundle, question: Question, value: AnswerValue | None) -> str | None:
    return display_value(question, value, bundle) if value is not None else None


def _surfaced(result: Result) -> list[str]:
    return [f.recommendation.id for findings in result.findings.values() for f in findings if f.recommendation]


def _reason_text(reason: Reason, colon: str) -> str:
    return reason.text if reason.kind == "red-flag" else f"{reason.title}{colon}{reason.text}"


def _reason_differences(yours: Result, reference: Result) -> tuple[ReasonDifference, ...]:
    if yours.verdict is None or reference.verdict is None:
        return ()
    mine = {reason.id: reason for reason in yours.verdict.reasons}
    theirs = {reason.id: reason for reason in reference.verdict.reasons}
    decision = reference.checklist.decision
    assert decision is not None
    order = [flag.id for flag in decision.red_flags] + [criterion.id for criterion in decision.criteria]
    titles = {criterion.id: criterion.title for criterion in decision.criteria}
    found = []
    for reason_id in order:
        a, b = mine.get(reason_id), theirs.get(reason_id)
        if (a.kind if a else None) == (b.kind if b else None):
            continue
        either = a or b
        assert either is not None
        title = titles.get(reason_id) or _first_sentence(either.text)
        found.append(
            ReasonDifference(
                id=reason_id,
                title=title,
                yours=a.kind if a else None,
                reference=b.kind if b else None,
                yours_text=a.text if a else None,
                reference_text=b.text if b else None,
            )
        )
    return tuple(found)


def _first_sentence(text: str) -> str:
    sentence = " ".join(text.split()).split(". ", 1)[0]
    return sentence if sentence.endswith(".") else sentence + "."


def _finding_differences(checklist: Checklist, yours: Result, reference: Result) -> tuple[FindingDifference, ...]:
    found = []
    for finding_list in checklist.lists:
        mine = {f.rule_id: f for f in yours.findings.get(finding_list.id, ())}
        theirs = {f.rule_id: f for f in reference.findings.get(finding_list.id, ())}
        for rule in checklist.rules:
            if rule.add_to != finding_list.id or (rule.id in mine) == (rule.id in theirs):
                continue
            side, finding = ("yours", mine[rule.id]) if rule.id in mine else ("reference", theirs[rule.id])
            item_id = finding.recommendation.id if finding.recommendation else rule.id
            found.append(
                FindingDifference(
                    list_id=finding_list.id,
                    list_title=finding_list.title,
                    id=item_id,
                    title=finding.title,
                    side=side,
                    because=finding.because,
                )
            )
    return tuple(found)


# --- rendering the comparison -----------------------------------------------------------


def _kind_label(bundle: Bundle, kind: str | None) -> str:
    return kind_label(bundle.ui, kind)


def comparison_markdown(bundle: Bundle, comparison: Comparison, words: TrainingText) -> str:
    checklist = bundle.checklist(comparison.checklist_id)
    parts = [f"# {md_inline(words.compare_title.format(title=comparison.vignette_title))}", ""]
    parts += [f"_{md_inline(words.compare_checklist.format(checklist=comparison.checklist_title))}_", ""]
    if comparison.recommendation_reference is not None:
        parts += [f"## {md_inline(words.compare_recommendation)}", ""]
        parts += _verdict_lines(bundle, checklist, comparison, words)
    else:
        parts += [f"## {md_inline(words.compare_recommendations)}", ""]
        parts += _surfaced_lines(bundle, comparison, words)
    parts += [f"## {md_inline(words.compare_differences)}", ""]
    parts += [md_inline(words.compare_same_answers.format(same=comparison.same, total=comparison.compared)), ""]
    if not comparison.differences:
        parts += [f"_{md_inline(words.compare_no_differences)}_", ""]
    for difference in comparison.differences:
        parts.append(f"- **{md_inline(difference.prompt)}** (`{difference.question_id}`)")
        parts.append(f"  - {md_inline(words.compare_yours)}{bundle.ui.colon}{md_inline(difference.yours_label or words.compare_not_asked)}")
        parts.append(
            f"  - {md_inline(words.compare_reference)}{bundle.ui.colon}{md_inline(difference.reference_label or words.compare_not_asked)}"
        )
        if difference.trainer_note:
            parts.append(f"  - _{md_inline(words.compare_trainer_note)}{bundle.ui.colon}{md_inline(difference.trainer_note)}_")
    if comparison.differences:
        parts.append("")
    if comparison.text_questions_skipped:
        parts += [f"_{md_inline(words.compare_text_not_compared)}_", ""]
    others = [f for f in comparison.findings if not _is_surfaced_recommendation(f, comparison)]
    if others:
        parts += [f"## {md_inline(words.compare_other_findings)}", ""]
        for finding in others:
            side = words.compare_only_yours if finding.side == "yours" else words.compare_only_reference
            parts.append(f"- **{md_inline(finding.title)}** ({md_inline(finding.list_title)}): {md_inline(side)}")
            parts.append(f"  - {md_inline(bundle.ui.because)}{bundle.ui.colon}{md_inline(finding.because)}")
        parts.append("")
    return "\n".join(parts)


def _is_surfaced_recommendation(finding: FindingDifference, comparison: Comparison) -> bool:
    # For reflect, surfaced recommendations are shown in the recommendation section already.
    return comparison.recommendation_reference is None and finding.id in (
        set(comparison.recommendations_yours) ^ set(comparison.recommendations_reference)
    )


def _verdict_lines(bundle: Bundle, checklist: Checklist, comparison: Comparison, words: TrainingText) -> list[str]:
    yours = outcome_label(checklist, comparison.recommendation_yours or "")
    reference = outcome_label(checklist, comparison.recommendation_reference or "")
    if comparison.recommendation_differs:
        lines = [f"**{md_inline(words.compare_recommendation_differs.format(yours=yours, reference=reference))}**", ""]
    else:
        lines = [md_inline(words.compare_recommendation_same.format(recommendation=yours)), ""]
    if comparison.final_yours != comparison.recommendation_yours or comparison.final_reference != comparison.recommendation_reference:
        lines += [
            md_inline(
                words.compare_final_choice.format(
                    yours=outcome_label(checklist, comparison.final_yours or ""),
                    reference=outcome_label(checklist, comparison.final_reference or ""),
                )
            ),
            "",
        ]
    if comparison.reasons:
        lines += [f"### {md_inline(words.compare_reasons)}", "", md_text(words.compare_reasons_intro), ""]
        for reason in comparison.reasons:
            lines.append(f"- **{md_inline(reason.title)}**")
            for name, kind, text in (
                (words.compare_yours, reason.yours, reason.yours_text),
                (words.compare_reference, reason.reference, reason.reference_text),
            ):
                shown = f"{_kind_label(bundle, kind)}{bundle.ui.colon}{text}" if kind else words.compare_not_in_result
                lines.append(f"  - {md_inline(name)}{bundle.ui.colon}{md_inline(shown)}")
        lines.append("")
    return lines


def _surfaced_lines(bundle: Bundle, comparison: Comparison, words: TrainingText) -> list[str]:
    catalogue = {item.id: item for item in bundle.recommendations.recommendations}
    if not comparison.recommendation_differs:
        return [md_inline(words.compare_recommendations_same), ""]
    lines: list[str] = []
    becauses = {f.id: f.because for f in comparison.findings}
    mine, theirs = set(comparison.recommendations_yours), set(comparison.recommendations_reference)
    for item_id, side in [(i, words.compare_only_yours) for i in comparison.recommendations_yours if i not in theirs] + [
        (i, words.compare_only_reference) for i in comparison.recommendations_reference if i not in mine
    ]:
        title = catalogue[item_id].title if item_id in catalogue else item_id
        lines.append(f"- **{md_inline(title)}**: {md_inline(side)}")
        if item_id in becauses:
            lines.append(f"  - {md_inline(bundle.ui.because)}{bundle.ui.colon}{md_inline(becauses[item_id])}")
    return [*lines, ""]


def comparison_data(comparison: Comparison) -> dict[str, Any]:
    data = asdict(comparison)
    data["recommendation_differs"] = comparison.recommendation_differs
    data["differences"] = [asdict(difference) for difference in comparison.differences]
    return data


def comparison_json(comparison: Comparison) -> str:
    return json.dumps(comparison_data(comparison), indent=2, ensure_ascii=False) + "\n"
