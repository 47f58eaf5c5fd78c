"""famsupport in a real pseudo-terminal (pexpect): arrow keys, Enter, Ctrl-B, review, Ctrl-C."""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

import pytest
import yaml

from famsupport_cli.content.loader import Bundle
from famsupport_cli.core.conditions import holds

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")

DOWN, UP, ENTER, CTRL_B, CTRL_C = "\x1b[B", "\x1b[A", "\r", "\x02", "\x03"
GOLDEN = Path(__file__).parent / "golden"


def load_bundle() -> Bundle:
    from famsupport_cli.content.loader import load_bundle as load

    return load()


def spawn(args: list[str], home: Path) -> pexpect.spawn:
    # pexpect does not answer cursor-position requests as a real terminal does; tell prompt_toolkit not to ask.
    env = {**os.environ, "FAMSUPPORT_HOME": str(home), "TERM": "xterm", "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1"}
    return pexpect.spawn(sys.executable, ["-m", "famsupport_cli", *args], env=env, encoding="utf-8", timeout=20, dimensions=(40, 120))


def partial_answers(tmp_path: Path, source: str, without: set[str]) -> Path:
    """The golden answers less some questions, line by line (PyYAML would turn `yes` into true)."""
    lines = (GOLDEN / source).read_text().splitlines()
    path = tmp_path / "partial.yaml"
    path.write_text("\n".join(line for line in lines if line.split(":")[0] not in without) + "\n")
    return path


@pytest.mark.timeout(90)
def test_decide_in_a_terminal_with_arrows_back_and_review(tmp_path: Path) -> None:
    answers = partial_answers(tmp_path, "decide-digital.yaml", {"preferred_format", "video_comfort", "override_format"})
    output = tmp_path / "summary.md"
    child = spawn(["decide", "--answers", str(answers), "--output", str(output)], tmp_path)
    child.expect("Section 1 of 6")
    child.expect("prefer to meet")
    child.send(DOWN + ENTER)  # hybrid
    child.expect("comfortable are they")
    child.send(CTRL_B)  # back to the preference
    child.expect("prefer to meet")
    child.send(DOWN + ENTER)  # from hybrid one down: online
    child.expect("comfortable are they")
    child.send(DOWN + DOWN + DOWN + DOWN + ENTER)  # 5
    child.expect("Recommended format")  # the recommendation is shown before "Your decision"
    child.expect("Which format will you use")
    child.send(ENTER)  # keep
    child.expect("Anything else")
    child.expect("Your answer")  # the input itself, after the printed question
    child.send("\x1b" + ENTER)  # leave the multi-line notes empty
    child.expect("Your answers")
    child.send(ENTER)  # everything is right
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    text = output.read_text()
    front = yaml.safe_load(text.split("---")[1])
    assert front["kind"] == "decide"
    assert front["recommendation"] == "digital"
    assert "- [ ] **Cameras**" in text
    assert stat.S_IMODE(output.stat().st_mode) == 0o600


@pytest.mark.timeout(60)
def test_ctrl_c_exits_130_and_writes_nothing(tmp_path: Path) -> None:
    # Before the first answer there is nothing to keep; after one, a draft is kept (see below).
    child = spawn(["decide"], tmp_path)
    child.expect("prefer to meet")
    child.send(CTRL_C)
    child.expect("nothing was written")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not (tmp_path / "summaries").exists()
    assert [p.name for p in tmp_path.iterdir()] in ([], ["cache"])  # at most the content cache, no summary


@pytest.mark.timeout(90)
def test_reflect_in_a_terminal_asks_the_format_questions_for_an_online_session(tmp_path: Path) -> None:
    output = tmp_path / "reflection.md"
    answers = tmp_path / "reflect.yaml"
    answers.write_text(
        "session_format: digital\ncontact_type: follow-up\nsession_overall: 4\nbiases_noticed: [none-noticed]\n"
        "assumption_checked: 'yes'\nopen_mindedness: 4\nbackground_coloured: [none]\ngroup_view_influence: 2\n"
        "seen_as: [helper]\nrole_transparency: 'yes'\nfeels_watched: 'no'\npublic_discourse: 'no'\nmedia_visible: 'no'\n"
        "peer_space: 'yes'\norg_support: 4\n"
    )
    preset = yaml.safe_load(answers.read_text())
    checklist = load_bundle().checklist("reflect")
    remaining = [q for q in checklist.questions() if q.id not in preset and (q.when is None or holds(q.when, preset))]
    assert {"format_effect_on_trust", "reading_the_person"} <= {q.id for q in remaining}
    child = spawn(["reflect", "--answers", str(answers), "--output", str(output)], tmp_path)
    for question in remaining:  # each prompt's own words, in order: answered prompts are re-drawn too
        child.expect(re.escape(question.prompt[:40]))
        if question.type == "text":
            child.expect("Your answer")
        child.send(DOWN + ENTER if question.type == "scale" else "\x1b" + ENTER)
    child.expect("Your answers")
    child.send(ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    text = output.read_text()
    assert "format_effect_on_trust" in text
    assert "## Next steps" in text


def _front_and_body(path: Path) -> tuple[dict[str, object], str]:
    """A summary's front matter without the command line that made it, and its body."""
    _, front, body = path.read_text().split("---\n", 2)
    data = yaml.safe_load(front)
    data.pop("command")
    return data, body


def _finish_decide(child: pexpect.spawn) -> None:
    """From the comfort question on: 5, keep the recommendation, no notes, write the summary."""
    child.expect("comfortable are they")
    child.send(DOWN + DOWN + DOWN + DOWN + ENTER)
    child.expect("Which format will you use")
    child.send(ENTER)
    child.expect("Anything else")
    child.expect("Your answer")
    child.send("\x1b" + ENTER)
    child.expect("Your answers")
    child.send(ENTER)
    child.expect(pexpect.EOF)
    child.close()


@pytest.mark.timeout(120)
def test_ctrl_c_keeps_a_draft_and_resume_finishes_the_same_walk(tmp_path: Path) -> None:
    home = tmp_path / "home"
    answers = partial_answers(tmp_path, "decide-digital.yaml", {"preferred_format", "video_comfort", "override_format"})
    date = "2026-11-21T10:00:00+01:00"
    resumed, uninterrupted = tmp_path / "resumed.md", tmp_path / "uninterrupted.md"

    child = spawn(["decide", "--answers", str(answers), "--date", date, "--output", str(resumed)], home)
    child.expect("prefer to meet")
    child.send(DOWN + ENTER)  # hybrid
    child.expect("comfortable are they")
    child.send(CTRL_C)
    child.expect("kept as a draft")
    child.expect("--resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    draft = home / "drafts" / "decide.yaml"
    assert stat.S_IMODE(draft.stat().st_mode) == 0o600
    kept = yaml.safe_load(draft.read_text())["answers"]
    assert kept["preferred_format"] == "hybrid"
    assert "video_comfort" not in kept
    assert not resumed.exists()
    assert not (home / "summaries").exists()

    child = spawn(["decide", "--answers", str(answers), "--date", date, "--output", str(resumed), "--resume"], home)
    child.expect("Continuing the draft")
    _finish_decide(child)  # the preference is not asked again: the first question is the comfort one
    assert child.exitstatus == 0, child.before
    assert not draft.exists()

    child = spawn(["decide", "--answers", str(answers), "--date", date, "--output", str(uninterrupted)], tmp_path / "other-home")
    child.expect("prefer to meet")
    child.send(DOWN + ENTER)
    _finish_decide(child)
    assert child.exitstatus == 0, child.before

    front, body = _front_and_body(resumed)
    assert front["recommendation"] == "hybrid"
    assert (front, body) == _front_and_body(uninterrupted)
    assert "- **How would the family member prefer to meet?** (`preferred_format`)\n  A mix of in person and online" in body
