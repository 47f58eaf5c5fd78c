"""Attacks on drafts: a draft cut short (a full disk, an interrupted copy) or changed must never be used.

A draft records the sha256 of its answers in its header, so a draft cut anywhere, even at a line
end where what is left is valid YAML, is refused with exit 2, naming the file and
`famsupport drafts clear`; it is never half used and never silently replaced.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import RunCli
from famsupport_cli.io import drafts
from helpers import load_golden


@pytest.fixture
def saved_draft(famsupport_home: Path) -> Path:
    answers = {**load_golden("decide-digital.yaml"), "preferred_format": "digital"}
    path, _ = drafts.save("decide", "2026.11.1", dict(list(answers.items())[:6]), "famsupport decide")
    return path


def test_a_whole_draft_is_read_and_carries_its_checksum(saved_draft: Path) -> None:
    assert "answers_sha256: " in saved_draft.read_text()
    draft = drafts.read("decide")
    assert draft is not None and draft.problem is None and len(draft.answers) == 6


@pytest.mark.parametrize("keep", [0.95, 0.8, 0.6, 0.5])
@pytest.mark.parametrize("at_line_end", [False, True], ids=["mid-line", "line-end"])
def test_a_cut_draft_is_refused_with_exit_2(keep: float, at_line_end: bool, saved_draft: Path, run: RunCli) -> None:
    text = saved_draft.read_text()
    cut = int(len(text) * keep)
    if at_line_end:
        cut = text.rfind("\n", 0, cut) + 1  # what is left is valid YAML: only the checksum can tell
    saved_draft.write_text(text[:cut])
    before = saved_draft.read_bytes()
    result = run("decide", "--resume", "--no-input", "--output", "-")
    assert result.exit_code == 2, result.output
    assert str(saved_draft) in result.stderr
    assert "cut short or damaged" in result.stderr
    assert "famsupport drafts clear decide" in result.stderr
    assert result.stdout == ""
    assert saved_draft.read_bytes() == before
    listed = run("drafts")
    assert "damaged" in listed.stdout


def test_a_changed_answer_is_refused(saved_draft: Path, run: RunCli) -> None:
    saved_draft.write_text(saved_draft.read_text().replace("preferred_format: digital", "preferred_format: in-person"))
    result = run("decide", "--resume", "--no-input", "--output", "-")
    assert result.exit_code == 2
    assert "cut short or damaged" in result.stderr


def test_a_draft_of_this_format_without_its_checksum_is_refused(saved_draft: Path, run: RunCli) -> None:
    lines = [line for line in saved_draft.read_text().split("\n") if not line.startswith("answers_sha256:")]
    saved_draft.write_text("\n".join(lines))
    result = run("decide", "--resume", "--no-input", "--output", "-")
    assert result.exit_code == 2
    assert "cut short or damaged" in result.stderr


def test_a_draft_cut_to_nothing_is_refused(saved_draft: Path, run: RunCli) -> None:
    saved_draft.write_text("")
    result = run("decide", "--resume", "--no-input", "--output", "-")
    assert result.exit_code == 2
    assert "famsupport drafts clear decide" in result.stderr


def test_clear_removes_a_damaged_draft(saved_draft: Path, run: RunCli) -> None:
    saved_draft.write_text(saved_draft.read_text()[:-20])
    assert run("drafts", "clear", "decide").exit_code == 0
    assert not saved_draft.exists()
