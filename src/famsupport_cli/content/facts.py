"""The facts famsupport works out itself and the settings behind the agreements: names, types, how a value is written.

Content declares the facts a checklist uses (`facts:`) and the loader checks them against this list;
core.wellbeing works out their values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from typing import Literal

from famsupport_cli.messages import Text

SESSIONS_PREPARED_TODAY = "sessions_prepared_today"
AGREED_MAX_SESSIONS = "agreed_max_sessions"
AGREED_WORKING_HOURS = "agreed_working_hours"
OUTSIDE_WORKING_HOURS = "outside_working_hours"

MAX_SESSIONS_KEY = "max-sessions-per-day"
WORKING_HOURS_KEY = "working-hours"
MAX_SESSIONS_RANGE = (1, 20)

SettingValue = int | str
FactType = Literal["number", "yesno", "text"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FactSpec:
    """What the tool knows about a fact: its type and, for an agreement, the setting behind it."""

    type: FactType
    setting: str | None = None  # the `famsupport config` key that sets it (an agreement)
    describe: str = ""


FACTS: dict[str, FactSpec] = {
    SESSIONS_PREPARED_TODAY: FactSpec(type="number", describe="decide summaries in the journal dated today, before this run"),
    AGREED_MAX_SESSIONS: FactSpec(type="number", setting=MAX_SESSIONS_KEY, describe="the agreed maximum of sessions per day"),
    AGREED_WORKING_HOURS: FactSpec(type="text", setting=WORKING_HOURS_KEY, describe="the agreed working hours, e.g. 09:00-17:00"),
    OUTSIDE_WORKING_HOURS: FactSpec(type="yesno", describe="yes when the run's time is outside the agreed working hours"),
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


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkingHours:
    """The practitioner's agreed working hours (`famsupport config set working-hours`)."""

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
    return WorkingHours(start=start, end=end)


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


def _shown(raw: object) -> str:
    text = f"'{raw}'" if isinstance(raw, str) else repr(raw)
    return text if len(text) <= 60 else text[:57] + "..."
