"""--plain: numbered, line-by-line prompts (for screen readers), driven through standard input."""

from __future__ import annotations

import json

import pytest

from conftest import RunCli, WriteAnswers
from helpers import load_golden


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend a person sits at a terminal, so the walk asks instead of failing."""
    monkeypatch.setattr("famsupport_cli.commands.checklists.can_prompt", lambda no_input: not no_input)


def preset_without(write_answers: WriteAnswers, *missing: str) -> str:
    answers = {k: v for k, v in load_golden("decide-digital.yaml").items() if k not in missing}
    return str(write_answers(answers))


def test_plain_walk_numbers_options_and_accepts_numbers(terminal: None, run: RunCli, write_answers: WriteAnswers) -> None:
    path = preset_without(write_answers, "preferred_format", "video_comfort", "sessions_today")
    # preferred_format: 2 = hybrid; video_comfort: "?" shows help, then 4; sessions_today: typed 2;
    # override_format: Enter keeps the default; notes: empty; review: Enter writes the summary.
    typed = "2\n?\n4\n2\n\n\n\n"
    result = run("decide", "--plain", "--answers", path, "--output", "-", "--format", "json", input=typed)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["answers"]["preferred_format"] == "hybrid"
    assert data["answers"]["video_comfort"] == 4
    assert data["answers"]["sessions_today"] == 2
    assert "Section 1 of 7" in result.stderr
    assert "  1. In person" in result.stderr
    assert "Your answer: A mix of in person and online." in result.stderr  # the number typed, said in words
    assert "Your answer: 2." not in result.stderr  # a typed number of sessions is not an option's number
    assert "Think of how they have reacted" in result.stderr  # the help, shown on "?"
    assert "\x1b[" not in result.stderr  # no cursor movement or colour codes


def test_plain_walk_refuses_a_bad_answer_and_goes_back(terminal: None, run: RunCli, write_answers: WriteAnswers) -> None:
    path = preset_without(write_answers, "preferred_format", "video_comfort")
    # "9" is not an option (asked again), "1" = in person; then "b" goes back; "3" = online; "5"; then defaults.
    typed = "9\n1\nb\n3\n5\n\n\n\n"
    result = run("decide", "--plain", "--answers", path, "--output", "-", "--format", "json", input=typed)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["answers"]["preferred_format"] == "digital"
    assert data["answers"]["video_comfort"] == 5
    assert "That answer does not fit" in result.stderr


def test_plain_review_changes_an_answer(terminal: None, run: RunCli, write_answers: WriteAnswers) -> None:
    path = preset_without(write_answers, "override_format")
    # override: Enter (keep); notes: empty; review: "1" changes the first answer -> "1" (in person); review again: Enter.
    typed = "\n\n1\n1\n\n"
    result = run("decide", "--plain", "--answers", path, "--output", "-", "--format", "json", input=typed)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["answers"]["preferred_format"] == "in-person"
    assert data["recommendation"] == "in-person"


def test_input_ending_early_is_a_clear_error(terminal: None, run: RunCli) -> None:
    result = run("decide", "--plain", "--output", "-", input="1\n")
    assert result.exit_code == 2
    assert "input ended" in result.stderr
    assert "Traceback" not in result.output
    # One answer was given, so a draft is kept: the message must not say that nothing was.
    assert "draft" in result.stderr and "nothing was written" not in result.stderr
    assert "no summary was written" in result.stderr


@pytest.mark.parametrize(
    ("language", "typed", "expected"),
    [("fr", "oui", "yes"), ("fr", "Non", "no"), ("de", "ja", "yes"), ("de", "NEIN", "no"), ("en", "yes", "yes")],
)
def test_an_option_may_be_typed_as_the_list_shows_it_in_the_walk_s_language(
    terminal: None, run: RunCli, write_answers: WriteAnswers, language: str, typed: str, expected: str
) -> None:
    # "oui" was refused in a French walk as "not a yes/no answer", while "yes" was taken.
    path = preset_without(write_answers, "stable_connection")
    args = ["decide", "--plain", "--lang", language, "--answers", path, "--output", "-", "--format", "json"]
    result = run(*args, input=f"{typed}\n\n\n\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answers"]["stable_connection"] == expected


def test_identifying_text_is_edited_on_enter_and_kept_only_on_k(terminal: None, run: RunCli, write_answers: WriteAnswers) -> None:
    # As in the full-screen walk (where "Edit the answer" is the default), a plain Enter edits.
    path = preset_without(write_answers, "notes")
    args = ["decide", "--plain", "--answers", path, "--output", "-", "--format", "json"]
    # override: Enter; notes: an e-mail address; Enter (edit) -> asked again -> a clean note; review: Enter.
    edited = run(*args, input="\nmail me at someone@example.org\n\nMet at the school.\n\n")
    assert edited.exit_code == 0, edited.output
    assert json.loads(edited.stdout)["answers"]["notes"] == "Met at the school."
    kept = run(*args, input="\nmail me at someone@example.org\nk\n\n")
    assert kept.exit_code == 0, kept.output
    assert json.loads(kept.stdout)["answers"]["notes"] == "mail me at someone@example.org"
