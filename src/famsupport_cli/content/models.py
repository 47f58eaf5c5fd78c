"""Pydantic models of the content files: the schema every YAML file in content/ obeys.

The models are strict (unknown keys are errors) so that a typo in a content pack
fails validation instead of being silently ignored. They hold no domain text:
all of it comes from the YAML.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

# Answer values that every question may allow, besides its own options.
DONT_KNOW = "dont-know"
NOT_APPLICABLE = "not-applicable"
SPECIAL_VALUES = (DONT_KNOW, NOT_APPLICABLE)

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)]
QuestionType = Literal["single", "multiple", "yesno", "number", "scale", "text"]
Scalar = str | int | float


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Sourced(Strict):
    """Every content item names where it comes from (ids from sources.yaml)."""

    sources: list[Identifier] = Field(min_length=1)


# --- sources -------------------------------------------------------------------------


class Source(Strict):
    id: Identifier
    kind: Literal["paper", "related", "external", "organisation", "synthesis"]
    title: str
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    note: str | None = None


class SourcesFile(Strict):
    sources: list[Source] = Field(min_length=1)


# --- conditions ----------------------------------------------------------------------


class QuestionRef(Strict):
    """Compare with another answer (or a fact) instead of a fixed number."""

    question: Identifier

    def __str__(self) -> str:
        return self.question


Bound = int | float | QuestionRef
TEST_OPERATORS = ("equals", "in_", "includes", "includes_any", "gte", "lte", "gt", "lt", "answered")


class Test(Strict):
    """A test on one answer. Exactly one operator is given."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, populate_by_name=True)

    question: Identifier
    equals: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in")
    includes: str | None = None
    includes_any: list[str] | None = None
    gte: Bound | None = None
    lte: Bound | None = None
    gt: Bound | None = None
    lt: Bound | None = None
    answered: bool | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> Test:
        given = [name for name in TEST_OPERATORS if getattr(self, name) is not None]
        if len(given) != 1:
            names = ", ".join(op.rstrip("_") for op in TEST_OPERATORS)
            raise ValueError(f"a test on '{self.question}' needs exactly one of: {names}")
        return self


class AllOf(Strict):
    all: list[Condition] = Field(min_length=1)


class AnyOf(Strict):
    any: list[Condition] = Field(min_length=1)


class NotOf(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, populate_by_name=True)
    not_: Condition = Field(alias="not")


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return key
        return "test"
    for model, tag in ((AllOf, "all"), (AnyOf, "any"), (NotOf, "not"), (Test, "test")):
        if isinstance(value, model):
            return tag
    return None


Condition = Annotated[
    Annotated[AllOf, Tag("all")] | Annotated[AnyOf, Tag("any")] | Annotated[NotOf, Tag("not")] | Annotated[Test, Tag("test")],
    Discriminator(_condition_kind),
]


def tests_in(condition: Condition) -> Iterator[Test]:
    """Every leaf test of a condition, in the order written."""
    if isinstance(condition, AllOf | AnyOf):
        for part in condition.all if isinstance(condition, AllOf) else condition.any:
            yield from tests_in(part)
    elif isinstance(condition, NotOf):
        yield from tests_in(condition.not_)
    else:
        yield condition


# --- questions -----------------------------------------------------------------------


class Option(Strict):
    value: Identifier
    label: str
    help: str | None = None
    # Stands alone in a multiple choice ("None that matters here"): ticked with another option, the answer is refused.
    exclusive: bool = False


class Question(Sourced):
    id: Identifier
    type: QuestionType
    prompt: str
    help: str | None = None
    required: bool = True
    when: Condition | None = None
    options: list[Option] | None = None
    allow_dont_know: bool = False
    allow_not_applicable: bool = False
    min: int | None = None
    max: int | None = None
    min_label: str | None = None
    max_label: str | None = None
    default: Scalar | list[str] | None = None
    multiline: bool = False
    max_length: int = Field(default=2000, ge=1, le=20000)

    @model_validator(mode="after")
    def _shape_fits_type(self) -> Question:
        has_options = self.type in ("single", "multiple")
        if has_options and not self.options:
            raise ValueError(f"question '{self.id}' of type {self.type} needs options")
        if not has_options and self.options:
            raise ValueError(f"question '{self.id}' of type {self.type} takes no options")
        if self.type == "scale" and (self.min is None or self.max is None):
            raise ValueError(f"scale question '{self.id}' needs min and max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"question '{self.id}': min is larger than max")
        if self.options:
            values = [option.value for option in self.options]
            clash = sorted({v for v in values if values.count(v) > 1} | (set(values) & set(SPECIAL_VALUES)))
            if clash:
                raise ValueError(f"question '{self.id}': option values repeat or are reserved: {', '.join(clash)}")
            if self.type != "multiple" and any(option.exclusive for option in self.options):
                raise ValueError(f"question '{self.id}': only options of a multiple choice can be exclusive")
        return self


class Section(Strict):
    id: Identifier
    title: str
    intro: str | None = None
    # Asked only once the outcome is known, e.g. the practitioner's override.
    after_outcome: bool = False
    # The practitioner's own answers (their wellbeing): kept out of anything shared, such as a group's report.
    private: bool = False
    questions: list[Question] = Field(min_length=1)


# --- decision and rules --------------------------------------------------------------


class Outcome(Strict):
    value: Identifier
    label: str
    summary: str


class RedFlag(Sourced):
    id: Identifier
    when: Condition
    reason: str
    # The outcome this flag leads to; without one, the decision's `red_flag_outcome`. A flag
    # that names its own outcome is the more specific one and wins over those that do not
    # (e.g. an acute worry when meeting in person is not possible: contact now, online).
    outcome: Identifier | None = None


class Criterion(Sourced):
    """A condition for going online. All must hold for the online outcome."""

    id: Identifier
    title: str
    holds: Condition
    # When the answers leave it open (e.g. "don't know"): neither holds nor fails.
    unsure: Condition | None = None
    reason_holds: str
    reason_fails: str
    reason_unsure: str | None = None


class Override(Strict):
    format_question: Identifier
    reason_question: Identifier
    keep_value: Identifier


class Decision(Sourced):
    outcomes: list[Outcome] = Field(min_length=2)
    red_flag_outcome: Identifier
    all_hold_outcome: Identifier
    mixed_outcome: Identifier
    red_flags: list[RedFlag] = []
    criteria: list[Criterion] = []
    preference_question: Identifier | None = None
    override: Override | None = None


class FindingList(Strict):
    """A named list in the result: agreements, checks, wellbeing notes, ..."""

    id: Identifier
    title: str
    intro: str | None = None
    as_tasks: bool = False
    # Notes for the practitioner alone (their wellbeing): kept out of anything shared, such as a group's report.
    private: bool = False
    # How the short document (case note, supervision record) shows the list: every item with its
    # text, with why it is there, by title only, or not at all (the practitioner's own wellbeing:
    # only in the full sheet).
    note: Literal["in-full", "with-why", "by-title", "left-out"] = "by-title"
    # The next step the short document gives while the list has items still open.
    note_step: str | None = None
    # Answers the short document (case note, supervision record) quotes under this list, e.g. the
    # practitioner's own supervision topic under the questions for supervision.
    with_answers: list[Identifier] = []


class Rule(Sourced):
    """When the condition holds (and the outcome fits), add an item to a list."""

    id: Identifier
    add_to: Identifier
    when: Condition | None = None
    for_outcomes: list[Identifier] | None = None
    # Either the rule carries its own text, or it surfaces a catalogue recommendation.
    title: str | None = None
    text: str | None = None
    recommendation: Identifier | None = None
    because: str
    # An agreement the answers already settle (e.g. "both cameras on"): the case note records it
    # as agreed, with the answers that settle it, instead of listing it as still to make.
    settled_when: Condition | None = None
    # The finding says that this session goes past the agreed daily maximum: a case note says that
    # much (in the interface's words) even where the rule's list stays out of it.
    past_limit: bool = False

    @model_validator(mode="after")
    def _text_or_recommendation(self) -> Rule:
        if (self.recommendation is None) == (self.title is None):
            raise ValueError(f"rule '{self.id}' needs either a title (with text) or a recommendation id, not both")
        return self


class Fact(Sourced):
    """A value famsupport works out itself instead of asking: usable in conditions exactly like an answer.

    Which facts exist is the tool's business (famsupport_cli.core.wellbeing lists them); a
    checklist declares the ones it uses, with the words a summary cites them by. A fact is
    never asked, never read from an answers file and never written into the answers.
    Agreements (facts set with `famsupport config`) fall back to `default`, or to the default
    of `linked_question`, whose default the agreement in turn becomes.
    """

    id: Identifier
    type: Literal["number", "yesno", "text"]
    prompt: str
    help: str | None = None
    default: Scalar | None = None
    linked_question: Identifier | None = None

    @model_validator(mode="after")
    def _one_fallback(self) -> Fact:
        if self.default is not None and self.linked_question is not None:
            raise ValueError(f"fact '{self.id}' takes either a default or a linked_question, not both")
        return self


class Checklist(Strict):
    id: Identifier
    version: str
    title: str
    intro: str
    sections: list[Section] = Field(min_length=1)
    # Values famsupport works out (the journal, your agreements, the time), usable in conditions.
    facts: list[Fact] = []
    decision: Decision | None = None
    lists: list[FindingList] = []
    rules: list[Rule] = []
    # Which question `--after SUMMARY.md` fills from a decide summary's front matter.
    after_question: Identifier | None = None
    # The answers the short document quotes in its own section (the decide note's notes; what the
    # practitioner noticed in themselves, in the supervision record), in this order.
    record_answers: list[Identifier] = []

    def questions(self) -> list[Question]:
        return list(self.question_index.values())

    @cached_property
    def question_index(self) -> dict[str, Question]:
        """Questions by id, in order (worked out once: the engine looks questions up constantly)."""
        return {question.id: question for section in self.sections for question in section.questions}

    @cached_property
    def citable(self) -> dict[str, Question | Fact]:
        """Everything a condition can look at, by id: the facts and the questions."""
        return {**{fact.id: fact for fact in self.facts}, **self.question_index}


# --- the trust-building catalogue ----------------------------------------------------


class Level(Strict):
    id: Identifier
    title: str
    summary: str


class Recommendation(Sourced):
    id: Identifier
    level: Identifier
    title: str
    explanation: str
    try_: list[str] = Field(alias="try", min_length=1)

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, populate_by_name=True)


class RecommendationsFile(Strict):
    levels: list[Level] = Field(min_length=1)
    recommendations: list[Recommendation] = Field(min_length=1)


def special_values(question: Question) -> list[str]:
    """The reserved answers this question accepts ("don't know", "not applicable")."""
    return [value for value, on in ((DONT_KNOW, question.allow_dont_know), (NOT_APPLICABLE, question.allow_not_applicable)) if on]


def choice_values(question: Question) -> list[str]:
    """Every value a choice question accepts, reserved ones last."""
    base = ["yes", "no"] if question.type == "yesno" else [option.value for option in question.options or []]
    return base + special_values(question)
