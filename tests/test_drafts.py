"""Drafts: an interrupted walk keeps its answers; `--resume` continues it; `famsupport drafts` lists and clears them.

The interactive runs here use a scripted asker in place of the terminal (tests/test_terminal.py
does the same in a real pseudo-terminal): everything else is the real command line.
"""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from conftest import RunCli, WriteAnswers
from famsupport_cli.content.loader import Bundle
from famsupport_cli.core.conditions import AnswerValue
from famsupport_cli.core.engine import Result, evaluate
from famsupport_cli.core.walk import Step, walk
from famsupport_cli.errors import invalid_input
from helpers import GOLDEN_DIR, load_golden

DIGITAL = GOLDEN_DIR / "decide-digital.yaml"
DATE = "2026-11-21T10:00:00+01:00"
PUBLIC = ("recommendation", "final_format", "reasons", "agreements", "checks", "wellbeing", "answers")


class ScriptedAsker:
    """Answers from a mapping (defaults otherwise); Ctrl-C, or the end of input, at a chosen question."""

    shows_results = True  # stands in for a person at a terminal

    def __init__(self, answers: Mapping[str, Any], *, interrupt_at: str | None = None, input_ends_at: str | None = None) -> None:
        self.answers = dict(answers)
        self.interrupt_at = interrupt_at
        self.input_ends_at = input_ends_at
        self.asked: list[str] = []

    def ask(self, step: Step) -> Any:
        question = step.question.id
        self.asked.append(question)
        if question == self.interrupt_at:
            raise KeyboardInterrupt
        if question == self.input_ends_at:
            raise invalid_input("The input ended before every question was answered; nothing was written.")
        return self.answers.get(question, step.default)

    def show_outcome(self, result: Result) -> None:
        return None

    def review(self, answers: Mapping[str, AnswerValue], result: Result) -> str | None:
        return None


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[ScriptedAsker]:
    """Make `decide` and `reflect` interactive, with the next scripted asker in the list as the terminal."""
    askers: list[ScriptedAsker] = []
    monkeypatch.setattr("famsupport_cli.commands.checklists.can_prompt", lambda no_input: not no_input)
    monkeypatch.setattr("famsupport_cli.runner._terminal_asker", lambda bundle, plain: askers.pop(0))
    return askers


def draft_file(home: Path, checklist: str = "decide") -> Path:
    return home / "drafts" / f"{checklist}.yaml"


def write_draft(home: Path, answers: str, checklist: str = "decide", **meta: str) -> Path:
    path = draft_file(home, checklist)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = {
        "famsupport_draft": "1",
        "checklist": checklist,
        "content_version": '"2026.11.1"',
        "saved": '"2026-11-21T09:00:00+01:00"',
        **meta,
    }
    path.write_text("".join(f"{key}: {value}\n" for key, value in header.items()) + "answers:\n" + answers)
    return path


def public(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in PUBLIC}


# --- the walk reports every answer -----------------------------------------------------------------


def test_the_walk_hands_every_answer_to_the_callback_and_never_a_fact(bundle: Bundle) -> None:
    checklist = bundle.checklist("decide")
    golden = load_golden("decide-digital.yaml")
    asker = ScriptedAsker(golden)
    facts: dict[str, AnswerValue] = {"outside_working_hours": "yes", "agreed_working_hours": "09:00-17:00"}
    seen: list[dict[str, AnswerValue]] = []
    outcome = walk(checklist, {}, asker, lambda answers: evaluate(bundle, checklist, answers, facts), facts=facts, on_answer=seen.append)
    assert len(seen) == len(asker.asked)
    assert [len(snapshot) for snapshot in seen] == sorted(len(snapshot) for snapshot in seen)
    assert seen[-1] == outcome.answers
    assert not any(set(facts) & set(snapshot) for snapshot in seen)


# --- Ctrl-C keeps a draft; --resume continues it -------------------------------------------------------


def test_an_interrupted_walk_keeps_a_draft_and_resume_gives_the_same_result(
    run: RunCli, terminal: list[ScriptedAsker], famsupport_home: Path
) -> None:
    golden = load_golden("decide-digital.yaml")
    terminal.append(ScriptedAsker(golden, interrupt_at="video_comfort"))
    stopped = run("decide", "--date", DATE, "--format", "json")
    assert stopped.exit_code == 130
    assert "nothing was written" not in stopped.stderr
    assert "kept as a draft" in stopped.stderr
    assert f"famsupport decide --date {DATE} --format json --resume" in stopped.stderr
    draft = draft_file(famsupport_home)
    assert str(draft) in stopped.stderr
    assert not (famsupport_home / "summaries").exists()
    if os.name == "posix":
        assert stat.S_IMODE(draft.stat().st_mode) == 0o600
        assert stat.S_IMODE(draft.parent.stat().st_mode) == 0o700
    listed = json.loads(run("drafts", "--format", "json").stdout)
    assert [(item["checklist"], item["answers"], item["problem"]) for item in listed] == [("decide", 1, None)]

    resumed_asker = ScriptedAsker(golden)
    terminal.append(resumed_asker)
    finished = run("decide", "--date", DATE, "--format", "json", "--resume")
    assert finished.exit_code == 0, finished.stderr
    assert resumed_asker.asked[0] == "video_comfort"  # the draft's answer is not asked again
    assert "preferred_format" not in resumed_asker.asked
    assert "Continuing the draft" in finished.stderr
    assert not draft.exists(), "the draft is removed once the summary is written"
    saved = json.loads(Path(finished.stdout.strip()).read_text())

    uninterrupted = run("decide", "--answers", DIGITAL, "--no-input", "--output", "-", "--format", "json", "--date", DATE)
    assert public(saved) == public(json.loads(uninterrupted.stdout))


def test_a_draft_says_what_it_is_in_the_practitioners_language_and_still_resumes(
    run: RunCli, terminal: list[ScriptedAsker], famsupport_home: Path
) -> None:
    golden = load_golden("decide-digital.yaml")
    terminal.append(ScriptedAsker(golden, interrupt_at="video_comfort"))
    assert run("decide", "--lang", "de").exit_code == 130
    first_line = draft_file(famsupport_home).read_text().splitlines()[0]
    assert first_line == "# Die bisherigen Antworten eines unterbrochenen `famsupport decide`. Weiter mit: famsupport decide --resume"
    terminal.append(ScriptedAsker(golden))
    assert run("decide", "--lang", "de", "--resume", "--output", "-").exit_code == 0


def test_the_end_of_input_after_an_answer_says_the_draft_is_kept(run: RunCli, terminal: list[ScriptedAsker], famsupport_home: Path) -> None:
    terminal.append(ScriptedAsker(load_golden("decide-digital.yaml"), input_ends_at="online_agreement"))
    result = run("decide")
    assert result.exit_code == 2
    assert "--resume" in result.stderr
    assert draft_file(famsupport_home).is_file()


@pytest.fixture
def in_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The local time zone is UTC while the test runs (a draft's time is shown in local time)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("in_utc")
def test_a_new_walk_mentions_an_existing_draft_and_replaces_it(run: RunCli, terminal: list[ScriptedAsker], famsupport_home: Path) -> None:
    path = write_draft(famsupport_home, "  preferred_format: hybrid\n  video_comfort: 2\n")
    terminal.append(ScriptedAsker(load_golden("decide-digital.yaml"), interrupt_at="video_comfort"))
    result = run("decide")
    assert result.exit_code == 130
    assert "You have a draft of this checklist from 2026-11-21 08:00 (2 answers)" in result.stderr  # 09:00 at +01:00, in UTC
    assert "famsupport decide --resume" in result.stderr
    assert "preferred_format: digital" in path.read_text()
    assert "video_comfort" not in path.read_text()


def test_scripted_runs_keep_no_draft(run: RunCli, famsupport_home: Path) -> None:
    assert run("decide", "--answers", DIGITAL, "--no-input", "--output", "-").exit_code == 0
    assert run("decide", "--no-input", "--output", "-").exit_code == 2
    assert not (famsupport_home / "drafts").exists()


def test_resume_without_a_draft_exits_2(run: RunCli) -> None:
    result = run("decide", "--resume", "--no-input", "--output", "-")
    assert result.exit_code == 2
    assert "no draft of decide" in result.stderr
    assert "famsupport drafts" in result.stderr


def test_a_scripted_run_can_finish_a_draft_and_the_answers_file_wins(
    run: RunCli, write_answers: WriteAnswers, famsupport_home: Path
) -> None:
    path = write_draft(famsupport_home, "  preferred_format: hybrid\n  video_comfort: 2\n  online_agreement: agreed\n")
    answers = {k: v for k, v in load_golden("decide-digital.yaml").items() if k != "online_agreement"}
    answers["video_comfort"] = 2  # the same as the draft: not reported as replaced
    result = run("decide", "--answers", write_answers(answers), "--resume", "--no-input", "--output", "-", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["answers"]["preferred_format"] == "digital"  # from the file
    assert data["answers"]["online_agreement"] == "agreed"  # from the draft
    assert "replaces the draft's answers to: preferred_format." in result.stderr
    assert not path.exists()


def test_a_draft_from_other_content_says_so(run: RunCli, write_answers: WriteAnswers, famsupport_home: Path) -> None:
    write_draft(famsupport_home, "  preferred_format: digital\n", content_version='"2025.1"')
    result = run("decide", "--answers", DIGITAL, "--resume", "--no-input", "--output", "-")
    assert result.exit_code == 0, result.stderr
    assert "content version 2025.1" in result.stderr


@pytest.mark.parametrize(
    ("text", "problem", "line"),
    [
        ("famsupport_draft: 1\nchecklist: decide\nanswers: [\n", "not valid YAML", None),
        ("- just\n- a list\n", "not a famsupport draft", None),
        ("famsupport_draft: 1\nchecklist: reflect\nanswers: {}\n", "draft of 'reflect'", None),
        ("famsupport_draft: 1\nchecklist: decide\nanswers: [hybrid]\n", "answers", None),
        ("famsupport_draft: 1\nchecklist: decide\nanswers:\n  video_comfort: 9\n", "video_comfort: 9 is out of range", 4),
        ("famsupport_draft: 1\nchecklist: decide\nanswers:\n  preferred_format: hybrid\n  colour: blue\n", "colour", 5),
        (b"famsupport_draft: 1\n\xff\n", "UTF-8", None),
    ],
    ids=["yaml", "not-a-draft", "other-checklist", "answers-not-a-mapping", "invalid-answer", "unknown-question", "not-utf8"],
)
@pytest.mark.parametrize("interactive", [False, True], ids=["scripted", "terminal"])
def test_a_damaged_draft_exits_2_with_a_clear_message_and_is_kept(
    run: RunCli,
    famsupport_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str | bytes,
    problem: str,
    line: int | None,
    interactive: bool,
) -> None:
    path = draft_file(famsupport_home)
    path.parent.mkdir(parents=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    before = path.read_bytes()
    if interactive:
        monkeypatch.setattr("famsupport_cli.commands.checklists.can_prompt", lambda no_input: True)
    result = run("decide", "--resume", *([] if interactive else ["--no-input"]), "--output", "-")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: The draft")
    assert str(path) in result.stderr
    assert problem in result.stderr
    if line is not None:
        assert f"{path}:{line}:" in result.stderr
    assert "famsupport drafts clear decide" in result.stderr
    assert result.stdout == ""
    assert path.read_bytes() == before, "a damaged draft is never silently replaced or used"


# --- famsupport drafts ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("in_utc")
def test_drafts_lists_and_clears(run: RunCli, famsupport_home: Path) -> None:
    assert json.loads(run("drafts", "--format", "json").stdout) == []
    assert "No drafts" in run("drafts").stderr
    decide = write_draft(famsupport_home, "  preferred_format: hybrid\n  video_comfort: 2\n")
    reflect = draft_file(famsupport_home, "reflect")
    reflect.write_text("famsupport_draft: 1\nchecklist: reflect\nanswers: [\n")
    listed = json.loads(run("drafts", "--format", "json").stdout)
    assert [(item["checklist"], item["answers"], item["saved"]) for item in listed] == [
        ("decide", 2, "2026-11-21T09:00:00+01:00"),
        ("reflect", None, None),
    ]
    assert "not valid YAML" in listed[1]["problem"]
    table = run("drafts").stdout
    assert "decide" in table and "2026-11-21 08:00" in table and "damaged" in table  # JSON keeps the time as written

    cleared = run("drafts", "clear", "reflect")
    assert cleared.exit_code == 0
    assert cleared.stdout.split() == [str(reflect)]
    assert not reflect.exists() and decide.exists()
    assert "no draft of reflect" in run("drafts", "clear", "reflect").stderr
    assert run("drafts", "clear").stdout.split() == [str(decide)]
    assert not decide.exists()
    assert run("drafts", "clear", "../config").exit_code == 2


def test_a_draft_that_cannot_be_saved_does_not_stop_the_walk(
    run: RunCli, terminal: list[ScriptedAsker], monkeypatch: pytest.MonkeyPatch, famsupport_home: Path
) -> None:
    from famsupport_cli.errors import FamsupportError

    def full_disk(*args: object) -> None:
        raise FamsupportError("Cannot write the draft: the disk is full.")

    monkeypatch.setattr("famsupport_cli.io.drafts.save", full_disk)
    terminal.append(ScriptedAsker(load_golden("decide-digital.yaml")))
    result = run("decide", "--output", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("cannot be kept as a draft") == 1
    assert "the disk is full" in result.stderr


def test_the_wellbeing_agreements_are_mentioned_before_the_walk(run: RunCli, terminal: list[ScriptedAsker]) -> None:
    assert run("config", "set", "working-hours", "09:00-17:00").exit_code == 0
    terminal.append(ScriptedAsker(load_golden("decide-digital.yaml")))
    result = run("decide", "--output", "-", "--date", "2026-11-21T21:00:00+01:00", "--detail", "full")
    assert result.exit_code == 0, result.stderr
    assert "A word about your own wellbeing: Outside your agreed working hours." in result.stderr
    assert "**Outside your agreed working hours**" in result.stdout
