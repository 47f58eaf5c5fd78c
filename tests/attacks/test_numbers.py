"""Attacks through numbers: integers of any notation and any size where an answer is a number.

A hex or binary integer of thousands of digits cannot even be printed by Python (it refuses to turn
more than 4,300 digits into text), which used to end a run with "Something went wrong" and stop a whole
batch. Now any integer beyond the question's range is invalid input (exit 2) naming the question, and
a batch goes on with its other files and says truthfully what it wrote.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import RunCli, WriteAnswers
from helpers import load_golden

HUGE = {
    "hex": "0x" + "f" * 5000,
    "negative hex": "-0x" + "f" * 5000,
    "binary": "0b" + "1" * 20000,
    "googol": str(10**100),
    "negative googol": str(-(10**100)),
    "just above": "6",
    "just below": "0",
    "small hex above": "0x10",
}


def _with(answer: str) -> str:
    lines = (Path(__file__).parent.parent / "golden" / "decide-digital.yaml").read_text().split("\n")
    return "\n".join(f"video_comfort: {answer}" if line.startswith("video_comfort:") else line for line in lines)


@pytest.mark.parametrize("answer", HUGE.values(), ids=HUGE.keys())
def test_an_integer_beyond_the_range_is_invalid_input_naming_the_question(answer: str, run: RunCli, write_answers: WriteAnswers) -> None:
    result = run("decide", "--answers", write_answers(_with(answer)), "--no-input", "--output", "-")
    assert result.exit_code == 2, result.output
    # Named by the question, also where the YAML reader refuses a number as too long to read (with its line).
    assert "video_comfort" in result.stderr, result.stderr
    assert "indentation and quoting" not in result.stderr, "the file's syntax is fine: the hint is about the value"
    assert "inside famsupport" not in result.output
    assert max(len(line) for line in result.stderr.splitlines()) < 400, "a huge number is described, never printed"


def test_a_huge_number_as_a_text_answer_is_refused_not_printed(run: RunCli, write_answers: WriteAnswers) -> None:
    answers = load_golden("reflect-digital-session.yaml")
    text_question = next(key for key, value in answers.items() if isinstance(value, str) and " " in value)
    lines = [f"{key}: {json.dumps(value)}" for key, value in answers.items() if key != text_question]
    path = write_answers("\n".join([*lines, f"{text_question}: 0x{'f' * 5000}"]) + "\n")
    result = run("reflect", "--answers", path, "--no-input", "--output", "-")
    assert result.exit_code == 2, result.output
    assert "inside famsupport" not in result.output
    assert max(len(line) for line in result.stderr.splitlines()) < 400


def test_a_json_integer_of_thousands_of_digits_is_invalid_input(run: RunCli, write_answers: WriteAnswers) -> None:
    answers = {**load_golden("decide-digital.yaml"), "video_comfort": 1}
    path = write_answers(json.dumps(answers).replace('"video_comfort": 1', '"video_comfort": ' + "9" * 5000), "answers.json")
    result = run("decide", "--answers", path, "--no-input", "--output", "-")
    assert result.exit_code == 2
    assert "inside famsupport" not in result.output


def test_a_batch_goes_on_past_a_huge_number_and_says_what_it_wrote(run: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "answers"
    folder.mkdir()
    good = _with("2")
    (folder / "a.yaml").write_text(good)
    (folder / "b.yaml").write_text(_with("0x" + "f" * 5000))
    (folder / "c.yaml").write_text(good)
    out = tmp_path / "out"
    result = run("batch", "decide", str(folder), "--output-dir", str(out))
    assert result.exit_code == 2, result.output
    assert sorted(path.name for path in out.iterdir()) == ["a.md", "c.md"]
    assert "2 of 3 summaries written" in result.stderr
    assert "Nothing was written" not in result.output
    assert "b.yaml" in result.stderr


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("language", "described"), [("en", "about 1,205 digits"), ("de", "etwa 1.205 Ziffern"), ("fr", "environ 1\u202f205 chiffres")]
)
def test_a_huge_number_is_described_in_the_language_of_the_message(
    language: str, described: str, run: RunCli, write_answers: WriteAnswers
) -> None:
    result = run("decide", "--answers", write_answers(_with("0x" + "f" * 1000)), "--no-input", "--output", "-", "--lang", language)
    assert result.exit_code == 2, result.output
    assert described in result.stderr, result.stderr
