"""Wellbeing agreements: facts from the journal and the clock, `famsupport config`, and `famsupport wellbeing`.

Every run here has a fixed clock (`--date` or SOURCE_DATE_EPOCH): the journal count and the
working hours are worked out in the local time of the run's date.
"""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest

from conftest import RunCli, WriteAnswers
from famsupport_cli.checks.content import load_bundle
from famsupport_cli.content.loader import Bundle
from famsupport_cli.core import wellbeing
from famsupport_cli.core.wellbeing import SettingProblem, WorkingHours, parse_max_sessions, parse_working_hours
from famsupport_cli.errors import FamsupportError
from helpers import GOLDEN_DIR, load_golden

DIGITAL = GOLDEN_DIR / "decide-digital.yaml"
REFLECT = GOLDEN_DIR / "reflect-no-peer-space.yaml"
LIMIT_RULE = "wellbeing_daily_maximum_reached"
HOURS_RULE = "wellbeing_outside_working_hours"


def prepare(run: RunCli, *dates: str, answers: Path = DIGITAL, command: str = "decide") -> None:
    """Sessions prepared at these moments: summaries written into the journal."""
    for date in dates:
        result = run(command, "--answers", answers, "--no-input", "--date", date)
        assert result.exit_code == 0, result.stderr


def decide_json(run: RunCli, date: str, *extra: str | Path, answers: Path = DIGITAL) -> tuple[dict[str, Any], str]:
    result = run("decide", "--answers", answers, "--no-input", "--output", "-", "--format", "json", "--date", date, *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def wellbeing_ids(data: dict[str, Any]) -> list[str]:
    return [item["rule"] for item in data["wellbeing"]]


def configure(run: RunCli, key: str, value: str) -> None:
    result = run("config", "set", key, value)
    assert result.exit_code == 0, result.stderr


# --- the pure parts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("09:00-17:00", time(9), time(17)), ("9:30 - 17:45", time(9, 30), time(17, 45)), ("22:00-06:00", time(22), time(6))],
)
def test_working_hours_are_read(text: str, start: time, end: time) -> None:
    hours = parse_working_hours(text)
    assert (hours.start, hours.end) == (start, end)


@pytest.mark.parametrize("text", ["9-5", "09:00", "25:00-26:00", "09:60-17:00", "09:00-09:00", "", "nine to five", 900])
def test_invalid_working_hours_are_refused(text: object) -> None:
    with pytest.raises(SettingProblem) as caught:
        parse_working_hours(text)
    assert "HH:MM-HH:MM" in str(caught.value.allowed)


def test_working_hours_include_the_start_and_exclude_the_end_and_may_wrap_past_midnight() -> None:
    day = WorkingHours(start=time(9), end=time(17))
    assert day.contains(time(9)) and day.contains(time(16, 59)) and not day.contains(time(17)) and not day.contains(time(20))
    night = WorkingHours(start=time(22), end=time(6))
    assert night.contains(time(23)) and night.contains(time(5, 59)) and not night.contains(time(12))


@pytest.mark.parametrize(("raw", "value"), [("1", 1), ("20", 20), (4, 4)])
def test_max_sessions_in_range(raw: object, value: int) -> None:
    assert parse_max_sessions(raw) == value


@pytest.mark.parametrize("raw", ["0", "21", "-1", "four", "3.5", True, None])
def test_max_sessions_out_of_range_or_not_a_number(raw: object) -> None:
    with pytest.raises(SettingProblem):
        parse_max_sessions(raw)


def test_sessions_are_counted_by_the_run_s_local_day() -> None:
    when = datetime.fromisoformat("2026-11-21T09:00:00+01:00")
    prepared = [
        datetime.fromisoformat("2026-11-20T23:30:00+01:00"),  # yesterday, local time
        datetime.fromisoformat("2026-11-20T23:30:00+00:00"),  # 00:30 today in the run's time zone
        datetime.fromisoformat("2026-11-21T08:59:00+01:00"),
        datetime.fromisoformat("2026-11-21T09:30:00+01:00"),  # after the run's moment: not prepared yet
    ]
    assert wellbeing.sessions_on_day(prepared, when) == 2


def test_facts_are_computed_only_for_what_the_checklist_declares(bundle: Bundle) -> None:
    when = datetime.fromisoformat("2026-11-21T20:00:00+01:00")
    decide = bundle.checklist("decide")
    facts = wellbeing.compute_facts(decide, when, {"working-hours": "09:00-17:00"}, [when.replace(hour=8)])
    assert facts == {
        "sessions_prepared_today": 1,
        "agreed_max_sessions": 4,  # the max_sessions_per_day question's default
        "agreed_working_hours": "09:00-17:00",
        "outside_working_hours": "yes",
    }
    assert "outside_working_hours" not in wellbeing.compute_facts(decide, when, {}, [])  # no hours agreed: no such fact
    assert wellbeing.compute_facts(bundle.checklist("reflect"), when, {}, []) == {}


# --- the journal count across midnight ----------------------------------------------------------


def test_the_daily_maximum_counts_today_s_sessions_across_midnight(run: RunCli) -> None:
    configure(run, "max-sessions-per-day", "3")
    prepare(run, "2026-11-20T23:30:00+01:00", "2026-11-20T23:30:00+01:00", "2026-11-20T23:30:00+01:00")
    prepare(run, "2026-11-21T08:00:00+01:00", "2026-11-21T09:00:00+01:00")
    prepare(run, "2026-11-21T09:30:00+01:00", command="reflect", answers=REFLECT)  # a reflection is not a session prepared

    data, stderr = decide_json(run, "2026-11-21T10:00:00+01:00")
    assert LIMIT_RULE not in wellbeing_ids(data), "2 sessions today, the maximum is 3"
    assert "maximum is reached" not in stderr

    prepare(run, "2026-11-21T09:45:00+01:00")
    data, stderr = decide_json(run, "2026-11-21T10:00:00+01:00")
    assert LIMIT_RULE in wellbeing_ids(data)
    finding = next(item for item in data["wellbeing"] if item["rule"] == LIMIT_RULE)
    assert {cited["question"]: cited["value"] for cited in finding["answers"]} == {"sessions_prepared_today": 3, "agreed_max_sessions": 3}
    assert "Today's agreed maximum is reached" in stderr  # said, kindly, on the terminal too
    # Facts are never answers.
    assert "sessions_prepared_today" not in data["answers"]
    assert "agreed_max_sessions" not in data["answers"]


def test_the_count_uses_the_local_time_of_the_run_s_date(run: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    configure(run, "max-sessions-per-day", "1")
    prepare(run, "2026-11-20T23:30:00-05:00")  # 04:30 UTC on the 21st
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2026, 11, 21, 12, tzinfo=UTC).timestamp())))
    result = run("decide", "--answers", DIGITAL, "--no-input", "--output", "-", "--format", "json")
    assert LIMIT_RULE in wellbeing_ids(json.loads(result.stdout))  # a UTC run: that session was today
    data, _ = decide_json(run, "2026-11-21T12:00:00-05:00")
    assert LIMIT_RULE not in wellbeing_ids(data)  # in New York it was yesterday


def test_the_note_is_written_into_the_summary_s_wellbeing_list(run: RunCli, famsupport_home: Path) -> None:
    configure(run, "max-sessions-per-day", "1")
    prepare(run, "2026-11-21T09:00:00+01:00")
    prepare(run, "2026-11-21T10:00:00+01:00")
    newest = sorted((famsupport_home / "summaries").glob("*.md"))[-1]
    note = newest.read_text()
    # The case note says only that the session goes past the limit; the wellbeing notes are the full sheet's.
    assert "## Your own wellbeing" not in note
    assert "goes past the number of sessions agreed for one day" in note
    full = ("--detail", "full")
    text = run("decide", "--answers", DIGITAL, "--no-input", "--output", "-", "--date", "2026-11-21T11:00:00+01:00", *full).stdout
    wellbeing_part = text.split("## Your own wellbeing", 1)[1].split("\n## ", 1)[0]
    assert "**Today's agreed maximum is reached**" in wellbeing_part
    assert "(`sessions_prepared_today`)" in wellbeing_part
    assert "Sessions you have already prepared today" in wellbeing_part  # the fact's prompt from decide.yaml


# --- working hours ----------------------------------------------------------------------------------


def test_a_session_prepared_outside_the_agreed_hours_gets_a_note(run: RunCli) -> None:
    configure(run, "working-hours", "09:00-17:00")
    data, stderr = decide_json(run, "2026-11-21T20:00:00+01:00")
    assert HOURS_RULE in wellbeing_ids(data)
    finding = next(item for item in data["wellbeing"] if item["rule"] == HOURS_RULE)
    assert {"question": "agreed_working_hours", "value": "09:00-17:00"} in finding["answers"]
    assert "Outside your agreed working hours" in stderr
    data, stderr = decide_json(run, "2026-11-21T10:00:00+01:00")
    assert HOURS_RULE not in wellbeing_ids(data)
    assert "Outside your agreed working hours" not in stderr


def test_without_agreed_hours_no_time_is_outside_them(run: RunCli) -> None:
    data, _ = decide_json(run, "2026-11-21T03:00:00+01:00")
    assert HOURS_RULE not in wellbeing_ids(data)
    assert data["wellbeing"] == []


def test_a_night_shift_wraps_past_midnight(run: RunCli) -> None:
    configure(run, "working-hours", "22:00-06:00")
    assert HOURS_RULE not in wellbeing_ids(decide_json(run, "2026-11-21T23:00:00+01:00")[0])
    assert HOURS_RULE in wellbeing_ids(decide_json(run, "2026-11-21T12:00:00+01:00")[0])


def test_an_answers_file_cannot_set_a_fact(run: RunCli, write_answers: WriteAnswers) -> None:
    answers = {**load_golden("decide-digital.yaml"), "outside_working_hours": "no"}
    result = run("decide", "--answers", write_answers(answers), "--no-input", "--output", "-")
    assert result.exit_code == 2
    assert "outside_working_hours" in result.stderr
    assert "no such question" in result.stderr


# --- famsupport config ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "mention"),
    [
        ("max-sessions-per-day", "0", "from 1 to 20"),
        ("max-sessions-per-day", "21", "from 1 to 20"),
        ("max-sessions-per-day", "many", "whole number"),
        ("working-hours", "9-5", "HH:MM-HH:MM"),
        ("working-hours", "17:00-17:00", "same time"),
        ("working-hours", "24:00-25:00", "does not exist"),
        ("colour", "blue", "max-sessions-per-day, working-hours"),
    ],
)
def test_config_set_refuses_invalid_values_with_exit_2(run: RunCli, famsupport_home: Path, key: str, value: str, mention: str) -> None:
    result = run("config", "set", key, value)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error:")
    assert mention in result.stderr
    assert not (famsupport_home / "config.yaml").exists()


def test_config_set_writes_a_private_file_and_show_says_where_each_agreement_comes_from(run: RunCli, famsupport_home: Path) -> None:
    shown = json.loads(run("config", "show", "--format", "json").stdout)
    assert shown["settings"]["max-sessions-per-day"] == {"value": 4, "origin": "content"}
    assert shown["settings"]["working-hours"] == {"value": None, "origin": None}
    configure(run, "max-sessions-per-day", "3")
    configure(run, "working-hours", "8:30-16:30")
    path = famsupport_home / "config.yaml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(famsupport_home.stat().st_mode) == 0o700
    shown = json.loads(run("config", "show", "--format", "json").stdout)
    assert shown["settings"]["max-sessions-per-day"] == {"value": 3, "origin": "config"}
    assert shown["settings"]["working-hours"] == {"value": "08:30-16:30", "origin": "config"}
    text = run("config", "show").stdout
    assert "08:30-16:30" in text and "famsupport config" in text
    assert run("config", "unset", "working-hours").exit_code == 0
    shown = json.loads(run("config", "show", "--format", "json").stdout)
    assert shown["settings"]["working-hours"]["value"] is None
    assert run("config", "unset", "nothing").exit_code == 2


@pytest.mark.parametrize(
    "text",
    ["max-sessions-per-day: [\n", "max-sessions-per-day: 99\n", "colour: blue\n", "- a list\n"],
    ids=["yaml", "out-of-range", "unknown-key", "not-a-mapping"],
)
def test_a_damaged_config_is_a_clear_error(run: RunCli, famsupport_home: Path, text: str) -> None:
    path = famsupport_home / "config.yaml"
    path.write_text(text)
    for args in (["config", "show"], ["decide", "--answers", str(DIGITAL), "--no-input", "--output", "-"]):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("Error:")
        assert str(path) in result.stderr
    assert path.read_text() == text


def test_the_configured_maximum_is_the_default_of_the_max_sessions_question(run: RunCli, write_answers: WriteAnswers) -> None:
    answers = {k: v for k, v in load_golden("decide-digital.yaml").items() if k != "max_sessions_per_day"}
    path = write_answers(answers)
    data, _ = decide_json(run, "2026-11-21T10:00:00+01:00", answers=path)
    assert data["answers"]["max_sessions_per_day"] == 4
    configure(run, "max-sessions-per-day", "2")
    data, _ = decide_json(run, "2026-11-21T10:00:00+01:00", answers=path)
    assert data["answers"]["max_sessions_per_day"] == 2
    assert "max_sessions_per_day: 4" in run("template", "decide").stdout  # the template shows the content's default


# --- organisation packs set the defaults ------------------------------------------------------------


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack" / "checklists"
    folder.mkdir(parents=True)
    (folder / "decide.yaml").write_text(
        "sections:\n"
        "  - id: wellbeing\n"
        "    questions:\n"
        "      - id: max_sessions_per_day\n"
        "        default: 2\n"
        "facts:\n"
        "  - id: agreed_working_hours\n"
        '    default: "08:00-16:00"\n'
    )
    return folder.parent


def test_a_pack_sets_the_default_agreements(run: RunCli, pack: Path, write_answers: WriteAnswers) -> None:
    shown = json.loads(run("config", "show", "--format", "json", "--content", pack).stdout)["settings"]
    assert shown == {
        "max-sessions-per-day": {"value": 2, "origin": "content"},
        "working-hours": {"value": "08:00-16:00", "origin": "content"},
    }
    prepare(run, "2026-11-21T08:00:00+01:00", "2026-11-21T09:00:00+01:00")
    data, _ = decide_json(run, "2026-11-21T16:30:00+01:00", "--content", pack)
    assert {LIMIT_RULE, HOURS_RULE} <= set(wellbeing_ids(data))
    configure(run, "max-sessions-per-day", "5")  # the practitioner's own agreement wins over the pack
    configure(run, "working-hours", "09:00-17:00")
    data, _ = decide_json(run, "2026-11-21T16:30:00+01:00", "--content", pack)
    assert not {LIMIT_RULE, HOURS_RULE} & set(wellbeing_ids(data))


@pytest.mark.parametrize(
    ("facts", "mention"),
    [
        ("  - id: coffee_count\n    type: number\n    prompt: x\n    sources: [famsupport-synthesis]\n", "does not work out a fact"),
        ("  - id: agreed_working_hours\n    default: '9 to 5'\n", "not a span of working hours"),
        ("  - id: outside_working_hours\n    type: number\n", "yesno fact"),
        ("  - id: sessions_prepared_today\n    default: 3\n", "only agreements take a default"),
        ("  - id: agreed_max_sessions\n    linked_question: no_such_question\n", "no question has the id"),
        ("  - id: agreed_max_sessions\n    linked_question: notes\n", "can only share"),
        ("  - id: agreed_max_sessions\n    sources: [no-such-source]\n", "unknown source"),
    ],
)
def test_a_broken_fact_in_a_pack_is_reported_with_file_and_line(tmp_path: Path, run: RunCli, facts: str, mention: str) -> None:
    folder = tmp_path / "pack" / "checklists"
    folder.mkdir(parents=True)
    (folder / "decide.yaml").write_text("facts:\n" + facts)
    with pytest.raises(FamsupportError) as caught:
        load_bundle(folder.parent)
    assert caught.value.exit_code == 2
    places = [f"{folder / 'decide.yaml'}:{line}:" for line in (2, 3)]  # the fact's id, or the key at fault
    assert any(place in detail and mention in detail for detail in caught.value.details for place in places), caught.value.details
    result = run("decide", "--content", folder.parent, "--no-input", "--output", "-")
    assert result.exit_code == 2
    assert mention in result.stderr


def test_a_condition_on_an_undeclared_fact_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "pack" / "checklists"
    folder.mkdir(parents=True)
    (folder / "decide.yaml").write_text(
        "rules:\n"
        "  - id: our_rule\n"
        "    add_to: wellbeing\n"
        "    when: {question: sessions_prepared_yesterday, gte: 1}\n"
        "    title: T\n    text: T\n    because: B\n    sources: [famsupport-synthesis]\n"
    )
    with pytest.raises(FamsupportError) as caught:
        load_bundle(folder.parent)
    assert any("sessions_prepared_yesterday" in detail and "decide.yaml:4:" in detail for detail in caught.value.details)


# --- famsupport wellbeing ---------------------------------------------------------------------------


def test_wellbeing_shows_the_last_days_against_the_agreements(run: RunCli) -> None:
    configure(run, "max-sessions-per-day", "2")
    configure(run, "working-hours", "09:00-17:00")
    prepare(run, "2026-11-14T10:00:00+01:00")  # outside the 7 days
    prepare(run, "2026-11-19T10:00:00+01:00", "2026-11-19T11:00:00+01:00", "2026-11-19T19:00:00+01:00")
    prepare(run, "2026-11-20T23:30:00+01:00", "2026-11-21T08:00:00+01:00")
    result = run("wellbeing", "--format", "json", "--date", "2026-11-21T12:00:00+01:00")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    days = {day["date"]: day for day in data["days"]}
    assert list(days) == [f"2026-11-{day}" for day in range(15, 22)]
    assert days["2026-11-19"] == {
        "date": "2026-11-19",
        "sessions": 3,
        "outside_working_hours": 1,
        "max_sessions_per_day": 2,
        "maximum_reached": True,
    }
    assert (days["2026-11-20"]["sessions"], days["2026-11-20"]["outside_working_hours"]) == (1, 1)
    assert (days["2026-11-21"]["sessions"], days["2026-11-21"]["outside_working_hours"]) == (1, 1)
    assert sum(day["sessions"] for day in data["days"]) == 5
    assert data["agreements"]["working-hours"] == {"value": "09:00-17:00", "origin": "config"}

    text = run("wellbeing", "--days", "3", "--date", "2026-11-21T12:00:00+01:00").stdout
    assert "2026-11-19" in text and "2026-11-18" not in text
    assert "3 / 2" in text and "█" in text
    assert "Your agreements" in text and "09:00-17:00" in text


def test_wellbeing_days_must_be_positive(run: RunCli) -> None:
    assert run("wellbeing", "--days", "0").exit_code == 2


@pytest.mark.parametrize(
    ("language", "first"), [("en", "# famsupport settings: your own wellbeing agreements."), ("fr", "# Réglages de famsupport\u00a0: vos")]
)
def test_config_yaml_says_what_it_is_in_the_practitioners_language(run: RunCli, famsupport_home: Path, language: str, first: str) -> None:
    assert run("config", "set", "max-sessions-per-day", "4", "--lang", language).exit_code == 0
    text = (famsupport_home / "config.yaml").read_text()
    assert text.startswith(first), text
    assert [line for line in text.splitlines() if not line.startswith("#")] == ["max-sessions-per-day: 4"]
    assert json.loads(run("config", "show", "--format", "json").stdout)
