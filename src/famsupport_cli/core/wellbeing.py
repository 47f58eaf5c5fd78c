"""Wellbeing agreements and the facts famsupport works out itself (pure: values in, values out).

A checklist declares in YAML the facts it uses (`facts:`); this module knows how each one is
worked out, from three things the edges hand in: the run's date and time, the practitioner's
settings (`famsupport config`), and the dates of the sessions already prepared (the journal).
Facts are usable in conditions exactly like answers, so the wellbeing rules stay in YAML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, NamedTuple

from famsupport_cli.content.models import Checklist, Fact, Question
from famsupport_cli.core.conditions import AnswerValue, referenced_questions
from famsupport_cli.messages import Text

# The kind of summary that counts as a session prepared.
SESSION_KIND = "decide"

SESSIONS_PREPARED_TODAY = "sessions_prepared_today"
AGREED_MAX_SESSIONS = "agreed_max_sessions"
AGREED_WORKING_HOURS = "agreed_working_hours"
OUTSIDE_WORKING_HOURS = "outside_working_hours"

MAX_SESSIONS_KEY = "max-sessions-per-day"
WORKING_HOURS_KEY = "working-hours"
MAX_SESSIONS_RANGE = (1, 20)

SettingValue = int | str
FactType = Literal["number", "yesno", "text"]


class FactSpec(NamedTuple):
    """What the tool knows about a fact: its type and, for an agreement, the setting behind it."""

    type: FactType
    setting: str | None = None  # the `famsupport config` key that sets it (an agreement)
    describe: str = ""


FACTS: dict[str, FactSpec] = {
    SESSIONS_PREPARED_TODAY: FactSpec("number", describe="decide summaries in the journal dated today, before this run"),
    AGREED_MAX_SESSIONS: FactSpec("number", MAX_SESSIONS_KEY, "the agreed maximum of sessions per day"),
    AGREED_WORKING_HOURS: FactSpec("text", WORKING_HOURS_KEY, "the agreed working hours, e.g. 09:00-17:00"),
    OUTSIDE_WORKING_HOURS: FactSpec("yesno", describe="yes when the run's time is outside the agreed working hours"),
}


class SettingProblem(ValueError):
    """Why a value does not fit a setting, said for people, with what would fit."""

    def __init__(self, message: Text, allowed: Text) -> None:
        super().__init__(message)
        self.text = message
        self.allowed = allowed

    @property
    def message(self) -> str:
        return str(self.text)


# --- working hours ---------------------------------------------------------------------

_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
HOURS_ALLOWED = Text("hours_allowed")


class WorkingHours(NamedTuple):
    start: time
    end: time

    def contains(self, moment: time) -> bool:
        """Start included, end excluded; a span past midnight (22:00-06:00) wraps."""
        clock = moment.replace(second=0, microsecond=0, tzinfo=None)
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_working_hours(raw: object) -> WorkingHours:
    found = _HOURS.match(raw) if isinstance(raw, str) else None
    if found is None:
        raise SettingProblem(Text("not_working_hours", value=_shown(raw)), HOURS_ALLOWED)
    hours = [int(found.group(1)), int(found.group(3))]
    minutes = [int(found.group(2)), int(found.group(4))]
    if any(h > 23 for h in hours) or any(m > 59 for m in minutes):
        raise SettingProblem(Text("time_does_not_exist", value=_shown(raw)), HOURS_ALLOWED)
    start, end = time(hours[0], minutes[0]), time(hours[1], minutes[1])
    if start == end:
        raise SettingProblem(Text("same_start_and_end", value=_shown(raw)), HOURS_ALLOWED)
    return WorkingHours(start, end)


def parse_max_sessions(raw: object) -> int:
    low, high = MAX_SESSIONS_RANGE
    allowed = Text("allowed_number", low=low, high=high, special="")
    value: object = raw
    if isinstance(raw, str) and re.fullmatch(r"\s*\d{1,9}\s*", raw):
        value = int(raw)
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingProblem(Text("not_a_whole_number", value=_shown(raw)), allowed)
    if not low <= value <= high:
        raise SettingProblem(Text("out_of_range", value=value), allowed)
    return value


# --- settings (famsupport config) ------------------------------------------------------

SETTINGS: dict[str, str] = {
    MAX_SESSIONS_KEY: f"the most client sessions you prepare in one day ({MAX_SESSIONS_RANGE[0]}-{MAX_SESSIONS_RANGE[1]})",
    WORKING_HOURS_KEY: "your working hours, e.g. 09:00-17:00",
}


def parse_setting(key: str, raw: object) -> SettingValue:
    """The setting's value in its stored form; raises KeyError for an unknown key, SettingProblem for a bad value."""
    if key == MAX_SESSIONS_KEY:
        return parse_max_sessions(raw)
    if key == WORKING_HOURS_KEY:
        return str(parse_working_hours(raw))
    raise KeyError(key)


# --- agreements ------------------------------------------------------------------------


class Agreement(NamedTuple):
    key: str
    value: SettingValue | None
    origin: Literal["config", "content"] | None  # None: not agreed anywhere


def agreement(checklists: Iterable[Checklist], key: str, settings: Mapping[str, SettingValue]) -> Agreement:
    """The agreement for a setting: `famsupport config`, else the content's default (a pack can set it)."""
    if key in settings:
        return Agreement(key, settings[key], "config")
    for checklist in checklists:
        for fact in checklist.facts:
            if FACTS.get(fact.id, FactSpec("text")).setting == key:
                fallback = content_default(checklist, fact)
                if fallback is not None:
                    return Agreement(key, fallback, "content")
    return Agreement(key, None, None)


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
    setting = FACTS.get(fact.id, FactSpec("text")).setting
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
        setting = FACTS.get(fact.id, FactSpec("text")).setting
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


class Day(NamedTuple):
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
        Day(first + timedelta(days=n), sessions.get(first + timedelta(days=n), 0), outside.get(first + timedelta(days=n), 0))
        for n in range(days)
    ]


def _in_zone(prepared: Iterable[datetime], when: datetime) -> list[datetime]:
    zone = when.tzinfo or UTC
    return [as_utc_if_naive(moment).astimezone(zone) for moment in prepared]


def _question(checklist: Checklist, question_id: str) -> Question | None:
    return next((question for question in checklist.questions() if question.id == question_id), None)


def _shown(raw: object) -> str:
    text = f"'{raw}'" if isinstance(raw, str) else repr(raw)
    return text if len(text) <= 60 else text[:57] + "..."
