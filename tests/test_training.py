"""Case vignettes: every reference gives its stated result through the CLI, and `training run` shows the differences.

The golden tests are parametrized over the shipped vignettes, so a new case file is tested
as soon as it is added.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import RunCli, WriteAnswers
from famsupport_cli.checks.vignettes import load_training_text, load_vignettes
from famsupport_cli.content.loader import Bundle, shipped_content_dir
from famsupport_cli.errors import FamsupportError

VIGNETTES = sorted(path.stem for path in (shipped_content_dir() / "vignettes").glob("*.yaml"))
REFERENCES = [(case, checklist) for case in VIGNETTES for checklist in ("decide", "reflect")]


def raw_case(case: str) -> dict[str, Any]:
    """A vignette file as data, read with famsupport's own YAML rules (`yes` stays text)."""
    from famsupport_cli.content import yamlfile

    path = shipped_content_dir() / "vignettes" / f"{case}.yaml"
    data = yamlfile.parse(path.read_text(encoding="utf-8"), path.name).data
    assert isinstance(data, dict)
    return data


def reference_answers(case: str, checklist: str) -> dict[str, Any]:
    return dict(raw_case(case)["reference"][checklist]["answers"])


# --- the shipped vignettes ------------------------------------------------------------------


def test_at_least_six_cases_covering_every_recommendation(bundle: Bundle) -> None:
    vignettes = load_vignettes(bundle)
    assert len(vignettes) >= 6
    assert [item.id for item in vignettes] == VIGNETTES
    outcomes = {item.references["decide"].result.verdict.recommended for item in vignettes}  # type: ignore[union-attr]
    assert outcomes == {"in-person", "hybrid", "digital"}
    for item in vignettes:
        assert set(item.references) == {"decide", "reflect"}, item.id
        assert len(item.vignette.discussion) >= 3, item.id
        assert item.vignette.sources and item.vignette.trainer_notes.strip(), item.id


def test_the_words_of_the_training_commands_load() -> None:
    words = load_training_text()
    assert "{title}" in words.compare_title


@pytest.mark.parametrize(("case", "checklist"), REFERENCES)
def test_reference_answers_give_the_reference_result(case: str, checklist: str, run: RunCli, write_answers: WriteAnswers) -> None:
    """Golden: the trainer's answers, run as any participant's answers file, give the stated result."""
    expected = raw_case(case)["reference"][checklist]
    answers = write_answers(expected["answers"], f"{case}-{checklist}.yaml")
    result = run(checklist, "--answers", answers, "--no-input", "--output", "-", "--format", "json", "--date", "2026-11-21")
    assert result.exit_code == 0, result.stderr
    assert "Note:" not in result.stderr, "a reference answers only questions that apply"
    data = json.loads(result.stdout)
    if checklist == "decide":
        assert data["recommendation"] == expected["recommendation"]
        assert data["final_format"] == expected.get("final_format", expected["recommendation"])
    else:
        assert sorted(item["id"] for item in data["recommendations"]) == sorted(expected["recommendations"])


@pytest.mark.parametrize(("case", "checklist"), REFERENCES)
def test_training_run_with_the_reference_answers_shows_no_difference(
    case: str, checklist: str, run: RunCli, write_answers: WriteAnswers
) -> None:
    answers = write_answers(reference_answers(case, checklist), f"{case}-{checklist}.yaml")
    result = run("training", "run", case, "--checklist", checklist, "--answers", answers, "--no-input", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["differences"] == []
    assert data["recommendation_differs"] is False
    assert data["reasons"] == [] and data["findings"] == []
    assert data["same"] == data["compared"] > 10


@pytest.mark.parametrize(("case", "checklist"), REFERENCES[:2])
def test_training_run_compares_on_the_answers_alone_whatever_the_agreements(
    case: str, checklist: str, run: RunCli, write_answers: WriteAnswers
) -> None:
    """Agreements and the time of day (late, past the working hours) add nothing to a training comparison."""
    answers = write_answers(reference_answers(case, checklist), f"{case}-{checklist}.yaml")
    assert run("config", "set", "working-hours", "09:00-10:00").exit_code == 0
    assert run("config", "set", "max-sessions-per-day", "1").exit_code == 0
    argv = ["training", "run", case, "--checklist", checklist, "--answers", answers, "--no-input", "--format", "json"]
    result = run(*argv, "--date", "2026-11-21T23:30:00+00:00")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["differences"] == [] and data["reasons"] == [] and data["findings"] == []


def test_no_real_names_only_roles_in_the_stories(bundle: Bundle) -> None:
    # The stories speak of roles ("the mother", "the father"); no capitalised first names
    # appear in the middle of a sentence except these ordinary words.
    import re

    allowed = {"I"}
    for item in load_vignettes(bundle):
        text = " ".join([item.vignette.story, item.vignette.summary, item.vignette.trainer_notes, *item.vignette.discussion])
        names = set(re.findall(r"(?<=[a-z,;:] )[A-Z][a-z]+", text)) - allowed
        assert not names, f"{item.id}: {sorted(names)}"


# --- training run: the differences ------------------------------------------------------------


def test_one_changed_answer_is_reported_with_labels_and_the_recommendation_change(run: RunCli, write_answers: WriteAnswers) -> None:
    # Not a crisis but a sensitive subject: the acute-crisis red flag goes, so in person becomes hybrid.
    answers = reference_answers("sister-in-crisis", "decide") | {"sensitive_topic": "sensitive"}
    path = write_answers(answers)
    result = run("training", "run", "sister-in-crisis", "--answers", path, "--no-input", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["question_id"] for d in data["differences"]] == ["sensitive_topic"]
    difference = data["differences"][0]
    assert (difference["yours"], difference["reference"]) == ("sensitive", "crisis")
    assert difference["yours_label"] == "Yes, a sensitive subject"
    assert difference["reference_label"] == "Yes, a crisis or an acute safety worry"
    assert difference["trainer_note"]
    assert data["recommendation_differs"] is True
    assert (data["recommendation_yours"], data["recommendation_reference"]) == ("hybrid", "in-person")
    reasons = {reason["id"]: (reason["yours"], reason["reference"]) for reason in data["reasons"]}
    assert reasons["acute_crisis"] == (None, "red-flag")
    assert data["compared"] - data["same"] == 1


def test_the_markdown_comparison_names_the_question_both_answers_and_both_recommendations(run: RunCli, write_answers: WriteAnswers) -> None:
    path = write_answers(reference_answers("sister-in-crisis", "decide") | {"sensitive_topic": "sensitive"})
    result = run("training", "run", "sister-in-crisis", "--answers", path, "--no-input")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "Is this session likely to touch a crisis or a very sensitive subject?" in text
    assert "Yours: Yes, a sensitive subject" in text
    assert "Reference: Yes, a crisis or an acute safety worry" in text
    assert "Your answers lead to “Combine in person and online”; the reference leads to “Meet in person”." in text
    assert "Speaks against going online: An acute crisis" in text  # the reference's reason
    assert "not part of the result" in text  # ...which is not among the participant's


def test_reflect_differences_show_the_recommendations_and_why(run: RunCli, write_answers: WriteAnswers) -> None:
    answers = reference_answers("father-abroad", "reflect") | {"peer_space": "no"}
    path = write_answers(answers)
    result = run("training", "run", "father-abroad", "--checklist", "reflect", "--answers", path, "--no-input", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["question_id"] for d in data["differences"]] == ["peer_space"]
    assert data["recommendation_differs"] is True
    assert "safe-space-to-discuss-cases" in data["recommendations_yours"]
    assert "safe-space-to-discuss-cases" not in data["recommendations_reference"]
    markdown = run("training", "run", "father-abroad", "-c", "reflect", "--answers", path, "--no-input").stdout
    assert "Have a safe space to talk cases through" in markdown
    assert "only with your answers" in markdown
    assert "You do not have a safe space to discuss this case with peers." in markdown  # the rule's why


def test_training_run_writes_no_summary_unless_asked(
    run: RunCli, write_answers: WriteAnswers, famsupport_home: Path, tmp_path: Path
) -> None:
    path = write_answers(reference_answers("family-in-the-media", "decide"))
    assert run("training", "run", "family-in-the-media", "--answers", path, "--no-input").exit_code == 0
    assert not list(famsupport_home.rglob("*.md"))
    target = tmp_path / "mine.md"
    result = run("training", "run", "family-in-the-media", "--answers", path, "--no-input", "--output", target, "--date", "2026-11-21")
    assert result.exit_code == 0, result.stderr
    assert target.read_text().startswith("---\n")
    assert (target.stat().st_mode & 0o777) == 0o600
    assert "# Your answers and the reference" in result.stdout
    again = run("training", "run", "family-in-the-media", "--answers", path, "--no-input", "--output", target)
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_training_run_scripted_reports_missing_answers_like_every_walk(run: RunCli, write_answers: WriteAnswers) -> None:
    path = write_answers({"preferred_format": "digital"})
    result = run("training", "run", "father-abroad", "--answers", path, "--no-input")
    assert result.exit_code == 2
    assert "video_comfort: no answer given" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["training", "run", "no-such-case", "--no-input"], "There is no case 'no-such-case'"),
        (["training", "show", "no-such-case"], "There is no case 'no-such-case'"),
        (["training", "run", "father-abroad", "--checklist", "journal-x", "--no-input"], "no reference answers for 'journal-x'"),
        (["training", "run", "father-abroad", "--no-input", "--output", "-"], "--output - is not available here"),
    ],
)
def test_training_errors_are_one_clear_message(args: list[str], message: str, run: RunCli) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_interactive_training_run_uses_the_walk_askers(run: RunCli, write_answers: WriteAnswers, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a terminal, the runner's asker is used; here every answer is preset, so it is only asked to review."""
    import famsupport_cli.app
    import famsupport_cli.runner
    from famsupport_cli.core.walk import NoInputAsker

    reviewed = []

    class Reviewer(NoInputAsker):
        shows_results = True  # stands in for a person at a terminal, who reviews

        def review(self, answers: Any, result: Any) -> str | None:
            reviewed.append(len(answers))
            return None

    monkeypatch.setattr(famsupport_cli.app, "can_prompt", lambda no_input: True)
    monkeypatch.setattr(famsupport_cli.runner, "_terminal_asker", lambda bundle, plain: Reviewer())
    path = write_answers(reference_answers("long-standing-client", "decide") | {"relationship_stage": "early"})
    result = run("training", "run", "long-standing-client", "--answers", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert reviewed, "the interactive asker was not used"
    assert "A long-standing client asks to move online" in result.stderr  # the case is shown first
    assert [d["question_id"] for d in json.loads(result.stdout)["differences"]] == ["relationship_stage"]


# --- training list / show ------------------------------------------------------------------------


def test_training_list(run: RunCli) -> None:
    data = json.loads(run("training", "list", "--format", "json").stdout)
    assert [row["id"] for row in data] == VIGNETTES
    by_id = {row["id"]: row for row in data}
    assert by_id["mother-shared-devices"]["recommendation"] == "in-person"
    assert by_id["father-abroad"]["recommendation"] == "hybrid"
    assert by_id["long-standing-client"]["recommendation_label"] == "Meet online"
    text = run("training", "list").stdout
    assert "father-abroad" in text and "Combine in person and online" in text


def test_training_show_is_a_handout_and_the_trainer_version_adds_the_reference(run: RunCli) -> None:
    handout = run("training", "show", "father-abroad", "--format", "markdown").stdout
    assert handout.startswith("# A father abroad who can only meet online")
    assert "## Questions for discussion" in handout
    assert "Reference recommendation" not in handout
    trainer = run("training", "show", "father-abroad", "--trainer").stdout  # piped: raw Markdown
    assert "**Reference recommendation: Combine in person and online**" in trainer
    assert "**Reference final choice: Meet online**" in trainer
    assert "## Notes for the debrief" in trainer


# --- broken vignettes -----------------------------------------------------------------------------


def _pack_with(tmp_path: Path, case: str, text: str) -> Path:
    pack = tmp_path / "pack"
    (pack / "vignettes").mkdir(parents=True)
    (pack / "vignettes" / f"{case}.yaml").write_text(text, encoding="utf-8")
    return pack


def test_a_broken_reference_names_file_line_and_question(bundle: Bundle, tmp_path: Path) -> None:
    text = (shipped_content_dir() / "vignettes" / "father-abroad.yaml").read_text(encoding="utf-8")
    text = text.replace("      video_comfort: 4\n", "      video_comfort: 9\n", 1)
    line = next(number for number, row in enumerate(text.splitlines(), start=1) if "video_comfort: 9" in row)
    with pytest.raises(FamsupportError) as caught:
        load_vignettes(bundle, _pack_with(tmp_path, "father-abroad", text))
    assert caught.value.exit_code == 2
    detail = "\n".join(caught.value.details)
    assert f"vignettes/father-abroad.yaml:{line}:" in detail
    assert "decide.video_comfort" in detail and "out of range" in detail


def test_a_reference_that_leads_elsewhere_is_refused(bundle: Bundle, tmp_path: Path) -> None:
    text = (shipped_content_dir() / "vignettes" / "family-in-the-media.yaml").read_text(encoding="utf-8")
    text = text.replace("    recommendation: digital\n", "    recommendation: in-person\n", 1)
    with pytest.raises(FamsupportError) as caught:
        load_vignettes(bundle, _pack_with(tmp_path, "family-in-the-media", text))
    assert "the answers lead to 'digital', not 'in-person'" in "\n".join(caught.value.details)


def test_a_broken_vignette_is_a_clear_cli_error(run: RunCli, tmp_path: Path) -> None:
    pack = _pack_with(tmp_path, "new-case", "id: new-case\ntitle: [unclosed\n")
    result = run("training", "list", "--content", pack)
    assert result.exit_code == 2
    assert "vignettes/new-case.yaml" in result.stderr and "not valid YAML" in result.stderr
