"""What no answer can ever reach: conditions that never hold, questions never asked, rules that never apply.

Only checks.content imports this module (when content is checked, never on a cached run).

How: checklists are small, so instead of reasoning about conditions symbolically we try
answers. For one condition, only the questions (and facts) it looks at matter, and each
of them has a short list of answers that behave differently in a condition: the options
it names plus one it does not, "don't know", not answered, and for numbers the values
around every number the conditions compare with. If no combination of those makes the
condition hold, no real answers can either. Past `MAX_COMBINATIONS` we do not guess: the
check is skipped, because a warning must never name something that can in fact be reached.

Answers are seen the way the engine sees them: a question whose `when` does not hold is
skipped, so conditions never see its answer. A `when` itself is evaluated on every answer
given so far, even one to a question that was skipped (an answers file can hold one), so
"never asked" never spreads from one `when` to the next.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations, product
from typing import Literal

from famsupport_cli.content.facts import AGREED_MAX_SESSIONS, MAX_SESSIONS_RANGE, SESSIONS_PREPARED_TODAY
from famsupport_cli.content.models import (
    AllOf,
    AnyOf,
    Checklist,
    Condition,
    Fact,
    NotOf,
    Question,
    QuestionRef,
    Test,
    choice_values,
    special_values,
    tests_in,
)
from famsupport_cli.core.answers import allowed_text
from famsupport_cli.core.conditions import AnswerValue, holds, referenced_questions

# Beyond this many combinations of answers a condition is not checked (it stays "can hold").
MAX_COMBINATIONS = 10_000

# The ranges famsupport guarantees for the number facts it works out (others: any whole number).
FACT_RANGES: dict[str, tuple[int | None, int | None]] = {
    SESSIONS_PREPARED_TODAY: (0, None),
    AGREED_MAX_SESSIONS: MAX_SESSIONS_RANGE,
}

COMPARISONS = {"gte": "at least", "lte": "at most", "gt": "more than", "lt": "less than"}

Path = tuple[str | int, ...]
Kind = Literal["question", "rule", "red-flag", "criterion"]


class _Absent:
    """No answer: the question was skipped, left empty, or the fact is not known."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = _Absent()
Value = AnswerValue | _Absent


class _TooMany(Exception):
    """More answers to try than MAX_COMBINATIONS."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Unreachable:
    """Something no answer can reach, said for the pack author, at the place to fix."""

    kind: Kind
    item: str
    path: Path
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Space:
    """What a condition can look at: the questions (with their `when`) and the declared facts."""

    questions: Mapping[str, Question]
    facts: Mapping[str, Fact]

    @classmethod
    def of(cls, checklist: Checklist) -> Space:
        return cls(questions=checklist.question_index, facts={fact.id: fact for fact in checklist.facts})

    def when_of(self, question_id: str) -> Condition | None:
        question = self.questions.get(question_id)
        return question.when if question is not None else None

    def never_asked(self, question_id: str) -> bool:
        when = self.when_of(question_id)
        return when is not None and can_hold(self, [when], skipping=False) is False


# --- can a condition hold? ---------------------------------------------------------------


def can_hold(space: Space, conditions: Sequence[Condition], *, skipping: bool = True) -> bool | None:
    """Whether some answers make every condition hold; None when there are too many answers to try.

    With `skipping`, answers to questions whose `when` does not hold are dropped first, as
    the engine drops them; without, the conditions see every answer (as a `when` does).
    """
    looked_at = [qid for condition in conditions for qid in referenced_questions(condition)]
    hiding = [when for qid in dict.fromkeys(looked_at) if skipping and (when := space.when_of(qid)) is not None]
    seen = [*conditions, *hiding]
    variables = list(dict.fromkeys(qid for condition in seen for qid in referenced_questions(condition)))
    try:
        domains = _domains(space, variables, [test for condition in seen for test in tests_in(condition)])
    except _TooMany:
        return None
    if math.prod(len(domain) for domain in domains) > MAX_COMBINATIONS:
        return None
    for values in product(*domains):
        raw = {qid: value for qid, value in zip(variables, values, strict=True) if not isinstance(value, _Absent)}
        answers = _applicable(space, raw, set(looked_at)) if skipping else raw
        if all(holds(condition, answers) for condition in conditions):
            return True
    return False


def _applicable(space: Space, raw: dict[str, AnswerValue], looked_at: set[str]) -> dict[str, AnswerValue]:
    """The answers the engine would see: a skipped question's answer drops out (see walk.applicable_answers)."""
    kept = dict(raw)
    for qid in looked_at:
        when = space.when_of(qid)
        if when is not None and not holds(when, raw):
            kept.pop(qid, None)
    return kept


def _domains(space: Space, variables: list[str], tests: list[Test]) -> list[list[Value]]:
    numbers = _number_points(space, variables, tests)
    return [_domain(space, qid, tests, numbers.get(qid, [])) for qid in variables]


def _domain(space: Space, qid: str, tests: list[Test], numbers: list[int]) -> list[Value]:
    """The answers to `qid` worth trying: one of each kind a condition can tell apart, and no answer."""
    mentioned = _mentioned(qid, tests)
    question, fact = space.questions.get(qid), space.facts.get(qid)
    if question is not None:
        return [*_question_answers(question, mentioned, numbers), ABSENT]
    if fact is not None:
        if fact.type == "number":
            return [*numbers, ABSENT]
        if fact.type == "yesno":
            return ["yes", "no", ABSENT]
        return [*mentioned, _other_text(mentioned), ABSENT]
    return [ABSENT]  # an unknown id is an error the loader reports; it never has an answer


def _question_answers(question: Question, mentioned: list[str], numbers: list[int]) -> list[Value]:
    if question.type in ("single", "yesno"):
        return list(_named_and_one_other(choice_values(question), mentioned))
    specials: list[Value] = list(special_values(question))
    if question.type == "multiple":
        named = [option.value for option in question.options or [] if option.value in mentioned]
        if 2 ** len(named) > MAX_COMBINATIONS:
            raise _TooMany
        # A condition only asks whether an option is among those chosen: the subsets of the named ones tell all apart.
        subsets: list[Value] = [list(chosen) for size in range(len(named) + 1) for chosen in combinations(named, size)]
        return subsets + specials
    if question.type in ("number", "scale"):
        return [*numbers, *specials]
    return [*mentioned, _other_text(mentioned), *specials]


def _named_and_one_other(values: list[str], mentioned: list[str]) -> Iterable[str]:
    """The values a condition names, and one it does not: every unnamed value behaves the same."""
    yield from (value for value in values if value in mentioned)
    yield from [value for value in values if value not in mentioned][:1]


def _other_text(mentioned: list[str]) -> str:
    other = "any other text"
    while other in mentioned:
        other += "."
    return other


def _mentioned(qid: str, tests: list[Test]) -> list[str]:
    """Every text value the tests compare `qid` with."""
    found: dict[str, None] = {}
    for test in tests:
        if test.question == qid:
            values = [test.equals, test.includes, *(test.in_ or []), *(test.includes_any or [])]
            found.update(dict.fromkeys(value for value in values if isinstance(value, str)))
    return list(found)


# --- numbers -------------------------------------------------------------------------------


def _number_points(space: Space, variables: list[str], tests: list[Test]) -> dict[str, list[int]]:
    """For each number in play, the whole numbers worth trying.

    Conditions only compare numbers with constants and with each other, so what matters is
    where each number lies around the constants (and a number's own limits), and how the
    numbers are ordered among themselves. With n numbers compared with each other, n values
    on either side of every constant realise every such arrangement; with none compared, one is enough.
    """
    numeric = [qid for qid in variables if _is_number(space, qid)]
    compared = any(isinstance(bound, QuestionRef) for test in tests for bound in _bounds(test))
    if compared:
        shared = {c for qid in numeric for c in _constants(qid, tests, _range(space, qid))}
        return {qid: _points(shared, _range(space, qid), len(numeric)) for qid in numeric}
    return {qid: _points(set(_constants(qid, tests, _range(space, qid))), _range(space, qid), 1) for qid in numeric}


def _points(constants: set[int], limits: tuple[int | None, int | None], spread: int) -> list[int]:
    low, high = limits
    anchors = constants or {0}
    candidates = {anchor + step for anchor in anchors for step in range(-spread, spread + 1)}
    return sorted(value for value in candidates if (low is None or value >= low) and (high is None or value <= high))


def _constants(qid: str, tests: list[Test], limits: tuple[int | None, int | None]) -> list[int]:
    """The whole numbers that matter for `qid` (an answer is whole: 2.5 splits 2 from 3)."""
    found = [limit for limit in limits if limit is not None]
    for test in tests:
        if test.question != qid and not any(isinstance(b, QuestionRef) and b.question == qid for b in _bounds(test)):
            continue
        values = [test.equals, *(test.in_ or []), *_bounds(test)]
        for value in values:
            if isinstance(value, int | float) and math.isfinite(value):
                found += [math.floor(value), math.ceil(value)]
    return found


def _bounds(test: Test) -> list[int | float | QuestionRef]:
    return [bound for bound in (test.gte, test.lte, test.gt, test.lt) if bound is not None]


def _is_number(space: Space, qid: str) -> bool:
    question, fact = space.questions.get(qid), space.facts.get(qid)
    return (question is not None and question.type in ("number", "scale")) or (fact is not None and fact.type == "number")


def _range(space: Space, qid: str) -> tuple[int | None, int | None]:
    question = space.questions.get(qid)
    if question is not None:
        return question.min, question.max
    return FACT_RANGES.get(qid, (None, None))


# --- what to report --------------------------------------------------------------------------


def find_unreachable(checklist: Checklist) -> list[Unreachable]:
    """Every question never asked, rule that never applies, red flag never raised, criterion that never holds."""
    space = Space.of(checklist)
    found: list[Unreachable] = []
    for s_index, section in enumerate(checklist.sections):
        for q_index, question in enumerate(section.questions):
            path: Path = ("sections", s_index, "questions", q_index, "when")
            found += _report(space, "question", question.id, question.when, path, "this question is never asked", skipping=False)
    for index, rule in enumerate(checklist.rules):
        found += _report(space, "rule", rule.id, rule.when, ("rules", index, "when"), "this rule can never apply")
    if checklist.decision is not None:
        decision = checklist.decision
        for index, flag in enumerate(decision.red_flags):
            path = ("decision", "red_flags", index, "when")
            found += _report(space, "red-flag", flag.id, flag.when, path, "this red flag can never be raised")
        for index, criterion in enumerate(decision.criteria):
            path = ("decision", "criteria", index)
            never = f"this criterion can never hold, so '{decision.all_hold_outcome}' is never recommended"
            found += _report(space, "criterion", criterion.id, criterion.holds, (*path, "holds"), never)
            found += _report(space, "criterion", criterion.id, criterion.unsure, (*path, "unsure"), "this criterion is never unsure")
    return found


def _report(
    space: Space, kind: Kind, item: str, condition: Condition | None, path: Path, what: str, *, skipping: bool = True
) -> list[Unreachable]:
    if condition is None or can_hold(space, [condition], skipping=skipping) is not False:
        return []
    where, reason = why(space, condition, skipping=skipping)
    return [Unreachable(kind=kind, item=item, path=(*path, *where), message=f"{what}: {reason}; check the condition")]


# --- why a condition never holds --------------------------------------------------------------


def why(space: Space, condition: Condition, *, skipping: bool = True) -> tuple[Path, str]:
    """For a condition that can never hold: where inside it the trouble is, and why, in plain words."""
    if isinstance(condition, AllOf):
        return _why_all(space, condition.all, skipping)
    if isinstance(condition, AnyOf):
        first, reason = why(space, condition.any[0], skipping=skipping)
        if len(condition.any) == 1:
            return ("any", 0, *first), reason
        return (), f"none of the `any` branches can hold (the first: {reason})"
    if isinstance(condition, NotOf):
        return ("not",), "the condition under `not` always holds, so with `not` it never does"
    return (), _why_test(space, condition, skipping)


def _why_all(space: Space, parts: list[Condition], skipping: bool) -> tuple[Path, str]:
    for index, part in enumerate(parts):
        if can_hold(space, [part], skipping=skipping) is False:
            inner, reason = why(space, part, skipping=skipping)
            return ("all", index, *inner), reason
    for second in range(len(parts)):
        for first in range(second):
            pair = [parts[first], parts[second]]
            if can_hold(space, pair, skipping=skipping) is False:
                return ("all", second), _why_pair(space, parts[first], parts[second], skipping)
    return (), "the parts of `all` cannot all hold at the same time"


def _why_pair(space: Space, first: Condition, second: Condition, skipping: bool) -> str:
    if skipping and can_hold(space, [first, second], skipping=False) is not False:
        skipped = _skipped_question(space, [first, second])
        return f"{describe(first)} and {describe(second)} cannot both hold, because '{skipped}' is not asked then (see its `when`)"
    if isinstance(first, Test) and isinstance(second, Test) and first.question == second.question:
        if _operator(first) in ("equals", "in") and _operator(second) in ("equals", "in"):
            return f"'{first.question}' cannot be both {_predicate(first)} and {_predicate(second)}"
        if _operator(first) in COMPARISONS and _operator(second) in COMPARISONS:
            return f"'{first.question}' cannot be both {_predicate(first)} and {_predicate(second)}"
    return f"{describe(first)} and {describe(second)} cannot both hold"


def _skipped_question(space: Space, pair: list[Condition]) -> str:
    """The question whose `when` fails whenever both conditions hold on the answers given: the one skipped."""
    hidden = [qid for part in pair for qid in referenced_questions(part) if space.when_of(qid) is not None]
    for qid in hidden:
        when = space.when_of(qid)
        if when is not None and can_hold(space, [*pair, when], skipping=False) is False:
            return qid
    return hidden[0]


def _why_test(space: Space, test: Test, skipping: bool) -> str:
    if can_hold(space, [test], skipping=False) is False:
        return _test_reason(space, test)
    # The test can hold on its own answers: what rules it out is a question that is skipped.
    for qid in referenced_questions(test):
        if skipping and space.never_asked(qid):
            return f"'{qid}' is never asked (its `when` can never hold)"
    return f"{describe(test)} never holds once '{test.question}' is asked (see its `when`)"


def _test_reason(space: Space, test: Test) -> str:
    """Why one test fails for every possible answer, from the kind of answer its question takes."""
    qid, operator = test.question, _operator(test)
    multiple = qid in space.questions and space.questions[qid].type == "multiple"
    if operator in COMPARISONS:
        return _comparison_reason(space, test, operator)
    if operator in ("equals", "in") and multiple:
        better = "includes" if operator == "equals" else "includes_any"
        return f"'{qid}' takes several answers, so `{operator}` never matches (`{better}` would)"
    if operator in ("includes", "includes_any") and not multiple:
        better = "equals" if operator == "includes" else "in"
        return f"'{qid}' takes one answer, so `{operator}` never matches (`{better}` would)"
    if operator in ("equals", "in"):
        return f"'{qid}' is never {_predicate(test)}, as {_answer_kind(space, qid)}"
    return f"{describe(test)} can never hold"


def _comparison_reason(space: Space, test: Test, operator: str) -> str:
    qid, bound = test.question, getattr(test, operator)
    if not _is_number(space, qid):
        return f"'{qid}' is not answered with a number, so `{operator}` never holds (`equals` or `in` would)"
    if isinstance(bound, QuestionRef):
        if not _is_number(space, bound.question):
            return f"'{bound.question}' is not a number, so '{qid}' cannot be compared with it"
        return f"{describe(test)} can never hold with the numbers '{qid}' and '{bound.question}' can take"
    return f"'{qid}' is never {_predicate(test)}, as {_answer_kind(space, qid)}"


def _answer_kind(space: Space, qid: str) -> str:
    """What the answer to `qid` can be, in words."""
    question, fact = space.questions.get(qid), space.facts.get(qid)
    if question is not None:
        return f"its answer is {allowed_text(question)}"
    if _is_number(space, qid):
        low, high = _range(space, qid)
        return f"it is a whole number from {'any' if low is None else low} to {'any' if high is None else high}"
    return "it is yes or no" if fact is not None and fact.type == "yesno" else "it is text"


# --- conditions in words --------------------------------------------------------------------


def _operator(test: Test) -> str:
    """The operator as written in YAML (`in`, not the field name `in_`)."""
    for name in ("equals", "in_", "includes", "includes_any", *COMPARISONS, "answered"):
        if getattr(test, name) is not None:
            return name.rstrip("_")
    return "answered"


def _shown(value: object) -> str:
    return f"'{value}'" if isinstance(value, str | QuestionRef) else str(value)


def _predicate(test: Test) -> str:
    """What a test asks of its answer: "'a'", "one of 'a', 'b'", "at least 3"."""
    operator = _operator(test)
    if operator == "equals":
        return _shown(test.equals)
    if operator in ("in", "includes_any"):
        values = test.in_ if operator == "in" else test.includes_any
        return "one of " + ", ".join(_shown(value) for value in values or [])
    if operator == "includes":
        return _shown(test.includes)
    if operator in COMPARISONS:
        return f"{COMPARISONS[operator]} {_shown(getattr(test, operator))}"
    return "answered" if test.answered else "not answered"


def describe(condition: Condition) -> str:
    """A condition in a few words, for messages."""
    if isinstance(condition, AllOf | AnyOf | NotOf):
        key = "all" if isinstance(condition, AllOf) else "any" if isinstance(condition, AnyOf) else "not"
        return f"the `{key}` condition"
    if _operator(condition) in ("includes", "includes_any"):
        return f"'{condition.question}' includes {_predicate(condition)}"
    return f"'{condition.question}' is {_predicate(condition)}"
