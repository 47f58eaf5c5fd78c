"""Evaluating the declarative conditions written in content (pure functions)."""

from __future__ import annotations

import operator
from collections.abc import Mapping

from famsupport_cli.content.models import AllOf, AnyOf, Bound, Condition, NotOf, QuestionRef, Test, tests_in

# An answer is an option value or free text, a whole number, or a list of option values.
AnswerValue = str | int | list[str]
Answers = Mapping[str, AnswerValue]


def holds(condition: Condition, answers: Answers) -> bool:
    """True when the condition holds for these answers. A missing answer fails every test."""
    if isinstance(condition, AllOf):
        return all(holds(part, answers) for part in condition.all)
    if isinstance(condition, AnyOf):
        return any(holds(part, answers) for part in condition.any)
    if isinstance(condition, NotOf):
        return not holds(condition.not_, answers)
    return _test(condition, answers)


def _test(test: Test, answers: Answers) -> bool:
    if test.answered is not None:
        return (test.question in answers) == test.answered
    if test.question not in answers:
        return False
    answer = answers[test.question]
    if test.equals is not None:
        return answer == test.equals
    if test.in_ is not None:
        return not isinstance(answer, list) and answer in test.in_
    if test.includes is not None:
        return isinstance(answer, list) and test.includes in answer
    if test.includes_any is not None:
        return isinstance(answer, list) and any(value in answer for value in test.includes_any)
    return _compare(test, answer, answers)


def _compare(test: Test, answer: AnswerValue, answers: Answers) -> bool:
    if not isinstance(answer, int):
        return False
    for bound, passes in ((test.gte, operator.ge), (test.lte, operator.le), (test.gt, operator.gt), (test.lt, operator.lt)):
        if bound is not None:
            limit = _resolve(bound, answers)
            return limit is not None and bool(passes(answer, limit))
    return False


def _resolve(bound: Bound, answers: Answers) -> int | float | None:
    if isinstance(bound, QuestionRef):
        value = answers.get(bound.question)
        return value if isinstance(value, int) else None
    return bound


def evidence(condition: Condition, answers: Answers) -> list[str]:
    """The question ids whose answers decided the condition: for `any`, only the branches that held."""
    if isinstance(condition, AnyOf):
        held = [part for part in condition.any if holds(part, answers)]
        ids: dict[str, None] = {}
        for part in held or condition.any:
            ids.update(dict.fromkeys(evidence(part, answers)))
        return list(ids)
    if isinstance(condition, AllOf):
        ids = {}
        for part in condition.all:
            ids.update(dict.fromkeys(evidence(part, answers)))
        return list(ids)
    return referenced_questions(condition)


def referenced_questions(condition: Condition) -> list[str]:
    """The question ids a condition looks at, each once, in order: the answers it cites."""
    seen: dict[str, None] = {}
    for test in tests_in(condition):
        seen[test.question] = None
        for bound in (test.gte, test.lte, test.gt, test.lt):
            if isinstance(bound, QuestionRef):
                seen[bound.question] = None
    return list(seen)
