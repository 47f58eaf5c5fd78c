"""Wellbeing agreements and the facts famsupport works out itself (pure: values in, values out).

A checklist declares in YAML the facts it uses (`facts:`); this module knows how each one is
worked out, from three things the edges hand in: the run's date and time, the practitioner's
settings (`famsupport config`), and the dates of the sessions already prepared (the journal).
Facts are usable in conditions exactly like answers, so the wellbeing rules stay in YAML.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from famsupport_cli.content.facts import (
    AGREED_MAX_SESSIONS,
    AGREED_WORKING_HOURS,
    FACTS,
    HOURS_ALLOWED,
    MAX_SESSIONS_KEY,
    MAX_SESSIONS_RANGE,
    OUTSIDE_WORKING_HOURS,
    SESSIONS_PREPARED_TODAY,
    SETTINGS,
    WORKING_HOURS_KEY,
    FactSpec,
    FactType,
    SettingProblem,
    SettingValue,
    WorkingHours,
    parse_max_sessions,
    parse_setting,
    parse_working_hours,
)
from famsupport_cli.content.models import Checklist, Fact, Question
from famsupport_cli.core.conditions import AnswerValue, referenced_questions

# The facts and settings themselves are declared in content.facts (the loader checks packs against them).
__all__ = [
    "AGREED_MAX_SESSIONS",
    "AGREED_WORKING_HOURS",
    "FACTS",
    "HOURS_ALLOWED",
    "MAX_SESSIONS_KEY",
    "MAX_SESSIONS_RANGE",
    "OUTSIDE_WORKING_HOURS",
    "SESSIONS_PREPARED_TODAY",
    "SESSION_KIND",
    "SETTINGS",
    "WORKING_HOURS_KEY",
    "Agreement",
    "Day",
    "FactSpec",
    "FactType",
    "SettingProblem",
    "SettingValue",
    "WorkingHours",
    "agreed_hours",
    "agreement",
    "as_utc_if_naive",
    "compute_facts",
    "content_default",
    "fact_only_rules",
    "last_days",
    "parse_max_sessions",
    "parse_setting",
    "parse_working_hours",
    "sessions_on_day",
    "with_agreed_defaults",
]

# The kind of summary that counts as a session prepared.
SESSION_KIND = "decide"

# --- agreements ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Agreement:
    """A setting as agreed: its value and where it was agreed (`famsupport config`, the content, or nowhere)."""

    key: str
    value: SettingValue | None
    origin: Literal["config", "content"] | None  # None: not agreed anywhere


def agreement(checklists: Iterable[Checklist], key: str, settings: Mapping[str, SettingValue]) -> Agreement:
    """The agreement for a setting: `famsupport config`, else the content's default (a pack can set it)."""
    if key in settings:
        return Agreement(key=key, value=settings[key], origin="config")
    for checklist in checklists:
        for fact in checklist.facts:
            if FACTS.get(fact.id, FactSpec(type="text")).setting == key:
                fallback = content_default(checklist, fact)
                if fallback is not None:
                    return Agreement(key=key, value=fallback, origin="content")
    return Agreement(key=key, value=None, origin=None)


def content_default(checklist: Checklist, fact: Fact) -> SettingValue | None:
    """A fact's default in the content: its own `default`, or its linked question's `default`."""
    if fact.default is not None:
        return _setting_or_none(fact, fact.default)
    if fact.linked_question is not None:
        question = _question(checklist, fact.linked_question)
        if question is not None and isinstance(question.default, int | str):
            return _setting_or_none(fact, question.default)
    return None


def _setting_or_none(fact: Fact, value: object) -> SettingValue | None:
    setting = FACTS.get(fact.id, FactSpec(type="text")).setting
    if setting is None:
        return value if isinstance(value, int | str) else None
    try:
        return parse_setting(setting, value)
    except (KeyError, SettingProblem):
        return None


def with_agreed_defaults(checklist: Checklist, settings: Mapping[str, SettingValue]) -> Checklist:
    """The checklist with every agreement set in `famsupport config` as the default of its linked question."""
    updates: dict[str, SettingValue] = {}
    for fact in checklist.facts:
        setting = FACTS.get(fact.id, FactSpec(type="text")).setting
        if fact.linked_question and setting is not None and setting in settings:
            updates[fact.linked_question] = settings[setting]
    if not updates:
        return checklist
    sections = [
        section.model_copy(
            update={
                "questions": [
                    question.model_copy(update={"default": updates[question.id]}) if question.id in updates else question
                    for question in section.questions
                ]
            }
        )
        for section in checklist.sections
    ]
    return checklist.model_copy(update={"sections": sections})


# --- facts -----------------------------------------------------------------------------


def as_utc_if_naive(moment: datetime) -> datetime:
    """A date without a time zone is taken as UTC, as `--date` takes it."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# The years a date from a file or an option may fall in: far wider than any real session, and far
# enough inside Python's years 1..9999 that a day or a time zone either side always stays inside them
# (`date: 9999-12-31` or `0001-01-01T00:00+14:00` otherwise overflow when counted or converted).
EARLIEST_YEAR, LATEST_YEAR = 1900, 9000


def within_reach(moment: datetime) -> bool:
    """Whether famsupport can count and convert this moment (see EARLIEST_YEAR)."""
    try:
        year = as_utc_if_naive(moment).astimezone(UTC).year
    except (OverflowError, ValueError):
        return False
    return EARLIEST_YEAR <= year <= LATEST_YEAR


def sessions_on_day(prepared: Iterable[datetime], when: datetime) -> int:
    """Sessions prepared on the run's day (in the run's local time), up to the run's moment."""
    return sum(1 for moment in _in_zone(prepared, when) if moment.date() == when.date() and moment <= when)


def compute_facts(
    checklist: Checklist, when: datetime, settings: Mapping[str, SettingValue], prepared: Iterable[datetime]
) -> dict[str, AnswerValue]:
    """The value of every fact the checklist declares; a fact with no value (e.g. no hours agreed) is left out."""
    declared = {fact.id for fact in checklist.facts}
    values: dict[str, AnswerValue] = {}
    if SESSIONS_PREPARED_TODAY in declared:
        values[SESSIONS_PREPARED_TODAY] = sessions_on_day(prepared, when)
    maximum = agreement([checklist], MAX_SESSIONS_KEY, settings).value
    if AGREED_MAX_SESSIONS in declared and isinstance(maximum, int):
        values[AGREED_MAX_SESSIONS] = maximum
    hours = agreed_hours([checklist], settings)
    if AGREED_WORKING_HOURS in declared and hours is not None:
        values[AGREED_WORKING_HOURS] = str(hours)
    if OUTSIDE_WORKING_HOURS in declared and hours is not None:
        values[OUTSIDE_WORKING_HOURS] = "no" if hours.contains(when.timetz()) else "yes"
    return values


def agreed_hours(checklists: Iterable[Checklist], settings: Mapping[str, SettingValue]) -> WorkingHours | None:
    value = agreement(checklists, WORKING_HOURS_KEY, settings).value
    if not isinstance(value, str):
        return None
    try:
        return parse_working_hours(value)
    except SettingProblem:
        return None


def fact_only_rules(checklist: Checklist) -> set[str]:
    """The rules whose condition looks only at facts (and not at the outcome): known before the first question."""
    facts = {fact.id for fact in checklist.facts}
    return {
        rule.id
        for rule in checklist.rules
        if rule.when is not None and rule.for_outcomes is None and set(referenced_questions(rule.when)) <= facts
    }


# --- the wellbeing overview ------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Day:
    """One day of the wellbeing look-back: sessions prepared, and how many of them outside working hours."""

    day: date
    sessions: int
    outside_hours: int


def last_days(prepared: Iterable[datetime], when: datetime, days: int, hours: WorkingHours | None) -> list[Day]:
    """Sessions per day for the `days` days up to the run's day (oldest first), in the run's local time."""
    first = when.date() - timedelta(days=days - 1)
    sessions: dict[date, int] = {}
    outside: dict[date, int] = {}
    for moment in _in_zone(prepared, when):
        if moment > when or moment.date() < first:
            continue
        sessions[moment.date()] = sessions.get(moment.date(), 0) + 1
        if hours is not None and not hours.contains(moment.timetz()):
            outside[moment.date()] = outside.get(moment.date(), 0) + 1
    return [
        Day(
            day=first + timedelta(days=n),
            sessions=sessions.get(first + timedelta(days=n), 0),
            outside_hours=outside.get(first + timedelta(days=n), 0),
        )
        for n in range(days)
    ]


def _in_zone(prepared: Iterable[datetime], when: datetime) -> list[datetime]:
    zone = when.tzinfo or UTC
    return [as_utc_if_naive(moment).astimezone(zone) for moment in prepared]


def _question(checklist: Checklist, question_id: str) -> Question | None:
    return next((question for question in checklist.questions() if question.id == question_id), None)
