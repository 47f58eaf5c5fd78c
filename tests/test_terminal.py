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
    from famsupport_cli.checks.content import load_bundle as load

    return load()


def spawn(args: list[str], home: Path) -> pexpect.spawn:
    # pexpect does not answer cursor-position requests as a real terminal does; tell prompt_toolkit not to ask.
    env = {**os.environ, "FAMSUPPORT_HOME": str(home), "TERM": "xterm", "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1"}
    return pexpect.spawn(sys.executable, ["-m", "famsupport_cli", *args], env=env, encoding="utf-8", timeout=20, dimensions=(40, 120))


def finish(child: pexpect.spawn, output: Path) -> tuple[dict[str, object], str]:
    """Wait for the walk to end, check it succeeded, and read the written summary (front matter, text)."""
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    text = output.read_text()
    return yaml.safe_load(text.split("---")[1]), text


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
    child.expect("Section 1 of 7")
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
    child.expect("Enter when done")  # the hint of the box itself, after the question
    child.send(ENTER)  # leave the multi-line notes empty
    child.expect("Your answers")
    child.send(ENTER)  # everything is right
    front, text = finish(child, output)
    assert front["kind"] == "decide"
    assert front["recommendation"] == "digital"
    assert "- [x] Cameras: Both cameras on" in text  # the case note: an agreement the answers settle
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
    child = spawn(["reflect", "--answers", str(answers), "--output", str(output), "--detail", "full"], tmp_path)
    for question in remaining:  # each prompt's own words, in order: answered prompts are re-drawn too
        child.expect(re.escape(question.prompt[:40]))
        if question.type == "text":
            child.expect("Enter when done")
        child.send(DOWN + ENTER if question.type == "scale" else ENTER)
    child.expect("Your answers")
    child.send(ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    text = output.read_text()
    assert "format_effect_on_trust" in text
    assert "## Next steps" in text


def _front_and_body(path: Path) -> tuple[dict[str, object], str]:
    """A summary's front matter without the options that made it (one run has --resume), and its body."""
    _, front, body = path.read_text().split("---\n", 2)
    data = yaml.safe_load(front)
    data.pop("options")
    return data, body


def _finish_decide(child: pexpect.spawn) -> None:
    """From the comfort question on: 5, keep the recommendation, no notes, write the summary."""
    child.expect("comfortable are they")
    child.send(DOWN + DOWN + DOWN + DOWN + ENTER)
    child.expect("Which format will you use")
    child.send(ENTER)
    child.expect("Anything else")
    child.expect("Enter when done")
    child.send(ENTER)
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

    child = spawn(["decide", "--answers", str(answers), "--date", date, "--output", str(resumed), "--resume", "--detail", "full"], home)
    child.expect("Continuing the draft")
    _finish_decide(child)  # the preference is not asked again: the first question is the comfort one
    assert child.exitstatus == 0, child.before
    assert not draft.exists()

    args = ["decide", "--answers", str(answers), "--date", date, "--output", str(uninterrupted), "--detail", "full"]
    child = spawn(args, tmp_path / "other-home")
    child.expect("prefer to meet")
    child.send(DOWN + ENTER)
    _finish_decide(child)
    assert child.exitstatus == 0, child.before

    front, body = _front_and_body(resumed)
    assert front["recommendation"] == "hybrid"
    assert (front, body) == _front_and_body(uninterrupted)
    assert "- **How would the family member prefer to meet?** (`preferred_format`)\n  A mix of in person and online" in body


def _walk_everything(child: pexpect.spawn, checklist_id: str, answers: dict[str, object], go_back_at: str, skipped: set[str]) -> list[str]:
    """Answer every question the walk asks, in order, from nothing: the first option, 1, or empty text.

    Each question is recognised by its own words; questions that stop applying (or start to) are
    followed because the expected next question is worked out from the answers given so far.
    """
    from famsupport_cli.core.walk import visible_questions

    checklist = load_bundle().checklist(checklist_id)
    asked: list[str] = []
    went_back = False
    while True:
        pending = [q for _, q in visible_questions(checklist, answers) if q.id not in answers and q.id not in skipped]
        if not pending:
            return asked
        question = pending[0]
        child.expect(re.escape(question.prompt[:40]))
        if question.type == "text":
            child.expect("Enter when done")
        asked.append(question.id)
        if question.id == go_back_at and not went_back:
            went_back = True
            child.send(CTRL_B)  # back to the previous question, which is asked again; then forward
            previous = asked[-2]
            child.expect(re.escape(checklist.question_index[previous].prompt[:40]))
            child.send(ENTER)  # keep the answer it had
            child.expect(re.escape(question.prompt[:40]))
            if question.type == "text":
                child.expect("Enter when done")
        given = _answer(child, question)
        if given is not None:
            answers[question.id] = given
        else:
            skipped.add(question.id)


def _answer(child: pexpect.spawn, question: object) -> object:
    from famsupport_cli.content.models import Question

    assert isinstance(question, Question)
    if question.default is not None and question.type != "multiple":
        child.send(ENTER)  # the prefilled default (the cursor starts on it, or the text holds it)
        return question.default
    if question.type in ("single", "yesno", "scale") and not question.required:
        child.send(ENTER)  # the cursor starts on "Skip": nothing is recorded
        return None
    if question.type in ("single", "yesno"):
        child.send(ENTER)
        return "yes" if question.type == "yesno" else (question.options or [])[0].value
    if question.type == "scale":
        child.send(ENTER)
        return question.min
    if question.type == "multiple":
        child.send(" " + ENTER)
        return [(question.options or [])[0].value]
    if question.type == "number":
        child.send("1" + ENTER)
        return 1
    child.send(ENTER)  # empty free text
    return None


@pytest.mark.timeout(150)
@pytest.mark.parametrize("checklist_id", ["decide", "reflect"])
def test_a_whole_walk_in_a_terminal_from_nothing(checklist_id: str, tmp_path: Path) -> None:
    output = tmp_path / "summary.md"
    child = spawn([checklist_id, "--output", str(output), "--detail", "full"], tmp_path)
    answers: dict[str, object] = {}
    go_back_at = "video_comfort" if checklist_id == "decide" else "contact_type"
    skipped: set[str] = set()  # optional questions left unanswered: the walk does not ask them again
    asked = _walk_everything(child, checklist_id, answers, go_back_at, skipped)
    checklist = load_bundle().checklist(checklist_id)
    assert len(asked) >= 15
    # Review: change the first answer to the second option, then write the summary.
    first = checklist.questions()[0]
    child.expect("Your answers")
    child.send(DOWN + ENTER)  # "Change an answer"
    child.expect(re.escape(load_bundle().ui.review_which[:30]))
    child.send(ENTER)  # the first question in the list
    child.expect(re.escape(first.prompt[:40]))
    child.expect("your answer so far")  # the question itself, not its line in the list of answers
    child.send(DOWN + ENTER)  # its second option
    answers[first.id] = (first.options or [])[1].value
    newly = _walk_everything(child, checklist_id, answers, "", skipped)  # questions the change made apply
    if checklist_id == "reflect":
        assert newly == ["format_effect_on_trust", "reading_the_person", "format_missed_gained"]  # hybrid: the format questions
    child.expect("Your answers")
    child.send(ENTER)  # everything is right
    front, text = finish(child, output)
    assert front["kind"] == checklist_id
    second_label = (first.options or [])[1].label
    assert f"**{first.prompt}** (`{first.id}`)\n  {second_label}" in text.replace("\\(", "(").replace("\\)", ")")
    assert not (tmp_path / "drafts" / f"{checklist_id}.yaml").exists()  # the draft is gone once the summary is written
