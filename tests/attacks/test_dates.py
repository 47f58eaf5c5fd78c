"""Attacks through dates: a summary in the journal with a date Python cannot count with.

`date: 9999-12-31`, year 1 with a time zone east of UTC, year 0 or a five-digit year used to stop every
decide, wellbeing and history with "Something went wrong inside famsupport". Now such a file is a note
on that file (it is not counted among the sessions prepared) and the command goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import RunCli, WriteAnswers
from famsupport_cli.core.wellbeing import within_reach
from helpers import load_golden

OddSummary = Callable[[str, str], None]

DATES = [
    "9999-12-31",
    "9999-12-31T23:59:59-14:00",
    "0001-01-01",
    "0001-01-01T00:00:00+14:00",
    "0000-01-01",
    "99999-01-01",
    "1899-12-31",
    "9000-12-31T23:59:59-23:59",
]


@pytest.fixture
def odd_summary(run: RunCli, write_answers: WriteAnswers, famsupport_home: Path) -> OddSummary:
    """Write one real summary (dated today), and return a function that adds a copy with another date."""
    answers = write_answers(load_golden("decide-digital.yaml"))
    assert run("decide", "--answers", answers, "--no-input").exit_code == 0
    journal = famsupport_home / "summaries"
    (real,) = journal.iterdir()
    text = real.read_text()

    def add(moment: str, name: str) -> None:
        lines = [f"date: '{moment}'" if line.startswith("date: ") else line for line in text.split("\n")]
        (journal / name).write_text("\n".join(lines))
        (journal / name).chmod(0o600)

    return add


@pytest.mark.parametrize("moment", DATES)
@pytest.mark.parametrize("name", ["odd-decide.md", "0001-01-01-000000-decide.md", "9999-12-31-235959-decide.md"])
def test_an_out_of_range_date_is_a_note_never_a_crash(
    moment: str, name: str, odd_summary: OddSummary, run: RunCli, write_answers: WriteAnswers
) -> None:
    odd_summary(moment, name)
    answers = write_answers(load_golden("decide-digital.yaml"))
    decided = run("decide", "--answers", answers, "--no-input", "--output", "-")
    assert decided.exit_code == 0, decided.output
    assert "inside famsupport" not in decided.output
    for command in (["wellbeing"], ["wellbeing", "--format", "json"], ["history"], ["history", "--format", "json"], ["show", "1"]):
        result = run(*command)
        assert result.exit_code == 0, (command, result.output)
        assert "inside famsupport" not in result.output


def test_the_note_names_the_file_that_was_not_counted(odd_summary: OddSummary, run: RunCli, write_answers: WriteAnswers) -> None:
    odd_summary("9999-12-31T23:59:59-14:00", "odd-decide.md")
    answers = write_answers(load_golden("decide-digital.yaml"))
    decided = run("decide", "--answers", answers, "--no-input", "--output", "-")
    assert "odd-decide.md is not a readable famsupport summary" in decided.stderr
    assert "outside the years famsupport counts" in decided.stderr
    assert "odd-decide.md" in run("wellbeing").stderr
    history = run("history", "--format", "json")
    assert "outside the years" in history.stdout


@pytest.mark.parametrize("given", ["0001-01-01", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
@pytest.mark.parametrize("command", ["decide", "wellbeing"])
def test_an_out_of_range_date_option_is_invalid_input(given: str, command: str, run: RunCli, write_answers: WriteAnswers) -> None:
    extra = (
        ["--answers", str(write_answers(load_golden("decide-digital.yaml"))), "--no-input", "--output", "-"] if command == "decide" else []
    )
    result = run(command, "--date", given, *extra)
    assert result.exit_code == 2
    assert "outside the years famsupport counts" in result.stderr


def test_within_reach_is_wide_enough_for_any_real_session() -> None:
    from datetime import UTC, datetime

    assert within_reach(datetime(1970, 1, 1, tzinfo=UTC))
    assert within_reach(datetime(2026, 11, 21, 9, 30))
    assert not within_reach(datetime(9999, 12, 31))
    assert not within_reach(datetime(1, 1, 1))


@pytest.mark.parametrize("epoch", ["253402200000", "-62135596800"])
def test_a_source_date_epoch_out_of_range_is_invalid_input(epoch: str, run: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = run("wellbeing")
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH" in result.stderr
