"""The walk through a checklist: one loop for interactive and scripted runs.

Only the source of the answers differs. An `Asker` is asked for each question that
has no valid answer yet; the terminal askers prompt, the scripted one never does
(it reports the question as missing). Conditions are re-evaluated after every
answer, so going back and changing an answer shows or hides follow-up questions.

Facts (values the tool works out, e.g. from the journal) are seen by conditions like
answers but never asked and never returned as answers. After every answer, `on_answer`
(if given) receives the answers so far: the runner keeps them as a draft.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from famsupport_cli.content.models import Checklist, Question, Section
from famsupport_cli.core.answers import AnswerProblem, coerce
from famsupport_cli.core.conditions import Answers, AnswerValue, holds
from famsupport_cli.core.engine import Result
from famsupport_cli.messages import Text


class Back:
    """Returned by an asker when the user wants the previous question."""


class Missing:
    """Returned by a non-interactive asker: nobody can answer this question."""


BACK = Back()
MISSING = Missing()


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """Everything an asker needs to put one question to the user."""

    question: Question
    section: Section
    section_number: int
    section_count: int
    first_in_section: bool
    default: AnswerValue | None
    can_go_back: bool
    problem: AnswerProblem | None = None  # why the previous try was refused
    refused: object = None  # what was refused, offered again to edit: a long text is not to be typed twice


class Asker(Protocol):
    # False for a source that shows nothing: the walk then skips working out outcomes to show.
    shows_results: bool

    def ask(self, step: Step) -> Any: ...  # a raw answer, BACK or MISSING

    def show_outcome(self, result: Result) -> None: ...

    def review(self, answers: Mapping[str, AnswerValue], result: Result) -> str | None:
        """The id of a question to change, or None when the answers are final."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class WalkOutcome:
    """What a walk ends with: the answers given, and the required questions nobody could answer."""

    answers: dict[str, AnswerValue]
    missing: list[Question]  # required questions nobody could answer


AnswerCallback = Callable[[dict[str, AnswerValue]], None]


def visible_questions(
    checklist: Checklist, answers: Mapping[str, AnswerValue], facts: Answers | None = None
) -> list[tuple[Section, Question]]:
    """The questions that apply with these answers (and facts), in order."""
    known = {**facts, **answers} if facts else answers
    return [
        (section, question)
        for section in checklist.sections
        for question in section.questions
        if question.when is None or holds(question.when, known)
    ]


def applicable_answers(checklist: Checklist, answers: Mapping[str, AnswerValue], facts: Answers | None = None) -> dict[str, AnswerValue]:
    """Only the answers to questions that apply; answers to skipped questions drop out."""
    shown = {question.id for _, question in visible_questions(checklist, answers, facts)}
    return {qid: value for qid, value in answers.items() if qid in shown}


def walk(
    checklist: Checklist,
    preset: Mapping[str, AnswerValue],
    asker: Asker,
    evaluate: Callable[[Mapping[str, AnswerValue]], Result],
    *,
    facts: Answers | None = None,
    on_answer: AnswerCallback | None = None,
) -> WalkOutcome:
    """Ask every applicable question that has no answer, then let the user review."""
    answers = dict(preset)
    asked: set[str] = set()
    missing: dict[str, Question] = {}
    state = _Walk(checklist=checklist, asker=asker, evaluate=evaluate, facts=facts or {}, on_answer=on_answer)
    state.forward(answers, asked, missing)
    while not missing and asker.shows_results:
        current = state.applicable(answers)
        change = asker.review(current, evaluate(current))
        if change is None:
            break
        state.change_one(answers, change)
        asked.add(change)
        state.forward(answers, asked, missing, outcome_shown=True)
    return WalkOutcome(answers=state.applicable(answers), missing=list(missing.values()))


@dataclass(frozen=True, slots=True, kw_only=True)
class _Walk:
    """What stays the same during one walk."""

    checklist: Checklist
    asker: Asker
    evaluate: Callable[[Mapping[str, AnswerValue]], Result]
    facts: Answers
    on_answer: AnswerCallback | None

    def applicable(self, answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
        return applicable_answers(self.checklist, answers, self.facts)

    def answered(self, answers: Mapping[str, AnswerValue]) -> None:
        if self.on_answer is not None:
            self.on_answer(self.applicable(answers))

    def forward(
        self, answers: dict[str, AnswerValue], asked: set[str], missing: dict[str, Question], *, outcome_shown: bool = False
    ) -> None:
        _forward(self, answers, asked, missing, outcome_shown=outcome_shown)

    def change_one(self, answers: dict[str, AnswerValue], question_id: str) -> None:
        if _change_one(self.checklist, answers, question_id, self.asker):
            self.answered(answers)


def _forward(
    state: _Walk,
    answers: dict[str, AnswerValue],
    asked: set[str],
    missing: dict[str, Question],
    *,
    outcome_shown: bool = False,
) -> None:
    checklist, asker, evaluate = state.checklist, state.asker, state.evaluate
    cursor = 0
    revisit: set[str] = set()
    sections = [section.id for section in checklist.sections]
    last_section: str | None = None
    shown: list[tuple[Section, Question]] | None = None
    while True:
        # Only an answer can change which questions apply: recompute after asking, not at every step.
        visible = shown = shown if shown is not None else visible_questions(checklist, answers, state.facts)
        if cursor >= len(visible):
            return
        section, question = visible[cursor]
        settled = question.id in answers or question.id in missing or _skippable(question, asked)
        if settled and question.id not in revisit:
            cursor += 1
            continue
        if section.after_outcome and not outcome_shown and asker.shows_results:
            asker.show_outcome(evaluate(state.applicable(answers)))
            outcome_shown = True
        step = Step(
            question=question,
            section=section,
            section_number=sections.index(section.id) + 1,
            section_count=len(sections),
            first_in_section=section.id != last_section,
            default=answers.get(question.id, declared_default(question)),
            can_go_back=_previous_asked(visible, cursor, asked) is not None,
        )
        last_section = section.id
        value = _ask_valid(asker, step)
        shown = None
        if isinstance(value, Back):
            # Back to the last question asked here: answers from a file or a draft are changed at the review.
            previous = _previous_asked(visible, cursor, asked)
            if previous is not None:
                cursor = previous
                revisit = {q.id for _, q in visible[cursor:] if q.id in asked}
                last_section = None
            continue
        asked.add(question.id)
        revisit.discard(question.id)
        if isinstance(value, Missing):
            missing[question.id] = question
        elif value is None:
            answers.pop(question.id, None)
            state.answered(answers)
        else:
            answers[question.id] = value
            state.answered(answers)
        cursor += 1


def _previous_asked(visible: list[tuple[Section, Question]], cursor: int, asked: set[str]) -> int | None:
    """Where the last question before `cursor` that was asked in this walk is, if any."""
    return next((n for n in range(cursor - 1, -1, -1) if visible[n][1].id in asked), None)


def _skippable(question: Question, asked: set[str]) -> bool:
    # An optional question left empty once is not asked again on later passes.
    return not question.required and question.id in asked


def declared_default(question: Question) -> AnswerValue | None:
    """The question's declared `default` as an answer; None if it has none (or it does not fit)."""
    if question.default is None:
        return None
    try:
        return coerce(question, question.default)
    except AnswerProblem:
        return None


def _ask_valid(asker: Asker, step: Step) -> AnswerValue | Back | Missing | None:
    """Ask until the raw answer is valid; the same `coerce` that checks answers files."""
    while True:
        raw = asker.ask(step)
        if isinstance(raw, Back | Missing):
            return raw
        if raw is None or raw in ("", []):
            if not step.question.required:
                return None
            # Said in words: coerce would name the empty value ("None is not a whole number").
            step = dataclasses.replace(step, problem=AnswerProblem(Text("answer_needed")))
            continue
        try:
            value = coerce(step.question, raw)
        except AnswerProblem as problem:
            step = dataclasses.replace(step, problem=problem, refused=raw)
            continue
        if value is None and step.question.required:
            step = dataclasses.replace(step, problem=AnswerProblem(Text("answer_needed")))
            continue
        return value


def _change_one(checklist: Checklist, answers: dict[str, AnswerValue], question_id: str, asker: Asker) -> bool:
    """Ask one question again (from the review); True when its answer was set or cleared."""
    for number, section in enumerate(checklist.sections, start=1):
        for question in section.questions:
            if question.id == question_id:
                step = Step(
                    question=question,
                    section=section,
                    section_number=number,
                    section_count=len(checklist.sections),
                    first_in_section=True,
                    default=answers.get(question.id),
                    can_go_back=False,
                )
                value = _ask_valid(asker, step)
                if isinstance(value, str | int | list):
                    answers[question.id] = value
                    return True
                if value is None:
                    answers.pop(question.id, None)
                    return True
                return False
    return False


class NoInputAsker:
    """The scripted source of answers: never prompts. Defaults fill in; the rest is missing."""

    shows_results = False

    def ask(self, step: Step) -> Any:
        if step.default is not None:
            return step.default
        return MISSING if step.question.required else None

    def show_outcome(self, result: Result) -> None:
        return None

    def review(self, answers: Mapping[str, AnswerValue], result: Result) -> str | None:
        return None
