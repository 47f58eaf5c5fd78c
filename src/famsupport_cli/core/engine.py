"""Evaluating a checklist's answers: the verdict and the findings, each with its reasons.

Everything here is pure: content and answers in, a `Result` out. Every reason and
finding carries the answers that led to it, so nothing is a black box.

Facts (values famsupport works out itself, declared under `facts:` in the checklist) are
passed alongside the answers: conditions see them exactly like answers, findings cite them
with their prompt, but they never become part of `Result.answers`.
"""

from __future__ import annotations

from dataclasses import dataclass

from famsupport_cli.content.bundle import Bundle
from famsupport_cli.content.models import Checklist, Condition, Decision, Fact, Question, Recommendation, Rule
from famsupport_cli.core.conditions import Answers, AnswerValue, evidence, holds


@dataclass(frozen=True, slots=True, kw_only=True)
class CitedAnswer:
    """One answer as evidence: which question, what was answered."""

    question_id: str
    prompt: str
    value: AnswerValue | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Reason:
    """One thing that speaks for or against a format: a red flag or a criterion, with the answers behind it."""

    kind: str  # "red-flag", "holds", "fails" or "unsure"
    id: str
    title: str
    text: str
    answers: tuple[CitedAnswer, ...]
    sources: tuple[str, ...]
    outcome: str | None = None  # a red flag that names its own format (it then decides, not only speaks against)


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    """The format recommended, the one chosen (they differ after an override), and the reasons."""

    recommended: str
    final: str
    override_reason: str | None
    preference: CitedAnswer | None
    reasons: tuple[Reason, ...]

    @property
    def overridden(self) -> bool:
        return self.final != self.recommended


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One rule that held: what it says, why, the answers that led to it, and its recommendation if any."""

    list_id: str
    rule_id: str
    title: str
    text: str
    because: str
    answers: tuple[CitedAnswer, ...]
    sources: tuple[str, ...]
    recommendation: Recommendation | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    """Everything a run concluded from its answers: the verdict (decide) and the findings by list."""

    checklist: Checklist
    answers: dict[str, AnswerValue]
    verdict: Verdict | None
    findings: dict[str, tuple[Finding, ...]]
    facts: dict[str, AnswerValue]

    def sources_used(self) -> list[str]:
        """Source ids behind the questions answered and everything the result shows, in first-use order."""
        used: dict[str, None] = {}
        for question in self.checklist.questions():
            if question.id in self.answers:
                used.update(dict.fromkeys(question.sources))
        facts = {fact.id: fact for fact in self.checklist.facts}
        cited: list[CitedAnswer] = []
        if self.checklist.decision is not None and self.verdict is not None:
            used.update(dict.fromkeys(self.checklist.decision.sources))
            for reason in self.verdict.reasons:
                used.update(dict.fromkeys(reason.sources))
                cited += reason.answers
        for findings in self.findings.values():
            for finding in findings:
                used.update(dict.fromkeys(finding.sources))
                cited += finding.answers
        for item in cited:  # a fact cited as evidence brings its own sources
            if item.question_id in facts:
                used.update(dict.fromkeys(facts[item.question_id].sources))
        return list(used)


def cite(checklist: Checklist, condition: Condition | None, answers: Answers) -> tuple[CitedAnswer, ...]:
    """The answers a condition looked at, as evidence."""
    if condition is None:
        return ()
    questions = checklist.citable
    cited = [_cited(questions[qid], answers) for qid in evidence(condition, answers) if qid in questions]
    # Unanswered (skipped) questions are no evidence, unless nothing else was looked at.
    return tuple(item for item in cited if item.value is not None) or tuple(cited)


def _cited(question: Question | Fact, answers: Answers) -> CitedAnswer:
    return CitedAnswer(question_id=question.id, prompt=question.prompt, value=answers.get(question.id))


def evaluate(bundle: Bundle, checklist: Checklist, answers: Answers, facts: Answers | None = None) -> Result:
    """The verdict (if the checklist has a decision) and every finding whose rule fires.

    `facts` are seen by every condition like answers; the result's `answers` stay the answers alone.
    """
    given = dict(answers)
    answers = {**facts, **given} if facts else given
    verdict = _verdict(checklist, checklist.decision, answers) if checklist.decision else None
    final = verdict.final if verdict else None
    catalogue = {item.id: item for item in bundle.recommendations.recommendations}
    findings: dict[str, list[Finding]] = {finding_list.id: [] for finding_list in checklist.lists}
    for rule in checklist.rules:
        if rule.for_outcomes is not None and final not in rule.for_outcomes:
            continue
        if rule.when is not None and not holds(rule.when, answers):
            continue
        findings.setdefault(rule.add_to, []).append(_finding(checklist, rule, answers, catalogue))
    return Result(
        checklist=checklist,
        answers=given,
        verdict=verdict,
        findings={key: tuple(value) for key, value in findings.items()},
        facts=dict(facts or {}),
    )


def _finding(checklist: Checklist, rule: Rule, answers: Answers, catalogue: dict[str, Recommendation]) -> Finding:
    recommendation = catalogue[rule.recommendation] if rule.recommendation else None
    title = recommendation.title if recommendation else rule.title or ""
    text = recommendation.explanation if recommendation else rule.text or ""
    return Finding(
        list_id=rule.add_to,
        rule_id=rule.id,
        title=title,
        text=text,
        because=rule.because,
        answers=cite(checklist, rule.when, answers),
        sources=tuple(dict.fromkeys([*rule.sources, *(recommendation.sources if recommendation else [])])),
        recommendation=recommendation,
    )


def _verdict(checklist: Checklist, decision: Decision, answers: Answers) -> Verdict:
    reasons: list[Reason] = []
    for flag in decision.red_flags:
        if holds(flag.when, answers):
            reasons.append(
                Reason(
                    kind="red-flag",
                    id=flag.id,
                    title=flag.id,
                    text=flag.reason,
                    answers=cite(checklist, flag.when, answers),
                    sources=tuple(flag.sources),
                    outcome=flag.outcome,
                )
            )
    all_hold = True
    for criterion in decision.criteria:
        if holds(criterion.holds, answers):
            kind, text, condition = "holds", criterion.reason_holds, criterion.holds
        elif criterion.unsure is not None and holds(criterion.unsure, answers):
            kind, text, condition = "unsure", criterion.reason_unsure or criterion.reason_fails, criterion.unsure
        else:
            kind, text, condition = "fails", criterion.reason_fails, criterion.holds
        all_hold = all_hold and kind == "holds"
        reasons.append(
            Reason(
                kind=kind,
                id=criterion.id,
                title=criterion.title,
                text=text,
                answers=cite(checklist, condition, answers),
                sources=tuple(criterion.sources),
            )
        )
    fired = [flag for flag in decision.red_flags if any(r.kind == "red-flag" and r.id == flag.id for r in reasons)]
    if fired:
        specific = [flag.outcome for flag in fired if flag.outcome is not None]
        recommended = specific[0] if specific else decision.red_flag_outcome
    else:
        recommended = decision.all_hold_outcome if all_hold else decision.mixed_outcome
    # Red flags first, then what is missing or open, then what is in place.
    order = {"red-flag": 0, "fails": 1, "unsure": 2, "holds": 3}
    reasons.sort(key=lambda reason: order[reason.kind])
    final, override_reason = recommended, None
    if decision.override is not None:
        chosen = answers.get(decision.override.format_question)
        if isinstance(chosen, str) and chosen != decision.override.keep_value:
            final = chosen
            reason = answers.get(decision.override.reason_question)
            override_reason = reason if isinstance(reason, str) else None
    questions = checklist.question_index
    preference_question = questions.get(decision.preference_question or "")
    preference = _cited(preference_question, answers) if preference_question else None
    return Verdict(recommended=recommended, final=final, override_reason=override_reason, preference=preference, reasons=tuple(reasons))
