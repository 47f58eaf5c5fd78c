"""`famsupport report`: the debrief report of a group, checked against counts worked out by hand.

The group: five decide answers files, each the golden "digital" case with one or two answers
changed, so that every count below can be followed by hand.

  p1  as is, plus a free-text note                    -> digital
  p2  video_comfort 2 (a red flag)                    -> in-person
  p3  relationship_stage early, how_you_feel left out -> hybrid (how_you_feel is private: not in the report)
  p4  relationship_stage first-contact, access_needs [hearing, sight] -> hybrid
  p5  video_comfort 4, private_space dont-know        -> hybrid
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import RunCli
from helpers import load_golden, md_tokens

SECRET = "Free text that must never reach the report"


@pytest.fixture
def answers_dir(tmp_path: Path) -> Path:
    base = load_golden("decide-digital.yaml")
    changes: dict[str, dict[str, Any]] = {
        "p1": {"notes": SECRET},
        "p2": {"video_comfort": 2},
        "p3": {"relationship_stage": "early"},
        "p4": {"relationship_stage": "first-contact", "access_needs": ["hearing", "sight"]},
        "p5": {"video_comfort": 4, "private_space": "dont-know"},
    }
    folder = tmp_path / "answers"
    folder.mkdir()
    for name, change in changes.items():
        answers = base | change
        if name == "p3":
            del answers["how_you_feel"]
        (folder / f"{name}.json").write_text(json.dumps(answers))
    return folder


@pytest.fixture
def summaries_dir(run: RunCli, answers_dir: Path, tmp_path: Path) -> Path:
    out = tmp_path / "summaries"
    result = run("batch", "decide", answers_dir, "--output-dir", out, "--date", "2026-11-21")
    assert result.exit_code == 0, result.stderr
    return out


def report_data(run: RunCli, *paths: Path) -> dict[str, Any]:
    result = run("report", *paths, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def by_value(items: list[dict[str, Any]]) -> dict[Any, tuple[int, float]]:
    return {item["value"]: (item["count"], item["share"]) for item in items}


def test_counts_and_shares_match_the_hand_count(run: RunCli, answers_dir: Path, summaries_dir: Path) -> None:
    data = report_data(run, answers_dir, summaries_dir)
    (group,) = data["checklists"]
    assert group["checklist"] == "decide"
    # A summary and its answers file (same name) are one participant.
    assert (group["participants"], group["summaries"], group["answers_files"], group["with_answers"]) == (5, 5, 5, 5)
    assert by_value(group["outcomes"]) == {"in-person": (1, 0.2), "hybrid": (3, 0.6), "digital": (1, 0.2)}
    assert group["overridden"] == 0
    questions = {q["id"]: q for q in group["questions"]}
    assert by_value(questions["relationship_stage"]["answers"]) == {"first-contact": (1, 0.2), "early": (1, 0.2), "established": (3, 0.6)}
    assert questions["relationship_stage"]["disagreement"] == 0.4  # 1 - 3/5
    assert questions["relationship_stage"]["most_common"] == "Established: there is trust between us"
    video = by_value(questions["video_comfort"]["answers"])
    assert (video[5], video[4], video[2], video[1], video["dont-know"]) == ((3, 0.6), (1, 0.2), (1, 0.2), (0, 0.0), (0, 0.0))
    assert by_value(questions["private_space"]["answers"])["dont-know"] == (1, 0.2)
    assert questions["private_space"]["disagreement"] == 0.2  # 1 - 4/5
    # Several options may be ticked: each counts for its share of those who answered.
    access = by_value(questions["access_needs"]["answers"])
    assert (access["none"], access["hearing"], access["sight"], access["mobility"]) == ((4, 0.8), (1, 0.2), (1, 0.2), (0, 0.0))
    assert questions["access_needs"]["disagreement"] == 0.2  # the most split option: 1 - max(0.8, 0.2)
    # The same answer from everyone: no disagreement.
    assert questions["preferred_format"]["disagreement"] == 0.0
    assert by_value(questions["preferred_format"]["answers"])["digital"] == (5, 1.0)
    # The practitioner's own wellbeing (how_you_feel, left out by p3) is not in a group report.
    assert "how_you_feel" not in questions and "sessions_today" not in questions
    # Free text: counted as answered or not, never copied; an optional question nobody filled in is left empty.
    notes = questions["notes"]
    assert (notes["answered"], notes["not_answered"], notes["answers"], notes["disagreement"]) == (1, 4, [], None)
    assert (notes["left_empty"], notes["not_asked"]) == (4, 0)
    # Nobody chose differently from the recommendation, so nobody was asked for a reason.
    reason = questions["override_reason"]
    assert (reason["answered"], reason["left_empty"], reason["not_asked"]) == (0, 0, 5)
    # A question with a default, left out of the answers files, takes it as the scripted run did.
    assert by_value(questions["override_format"]["answers"])["keep"] == (5, 1.0)
    # Where the group disagreed most, in content order among equals.
    ranking = [(q["id"], q["disagreement"]) for q in group["disagreement"]]
    assert ranking == [("video_comfort", 0.4), ("relationship_stage", 0.4), ("private_space", 0.2), ("access_needs", 0.2)]


def test_agreements_and_checks_that_came_up_most(run: RunCli, answers_dir: Path, summaries_dir: Path) -> None:
    group = report_data(run, answers_dir, summaries_dir)["checklists"][0]
    lists = {found["id"]: {item["id"]: (item["count"], item["share"]) for item in found["items"]} for found in group["lists"]}
    agreements = lists["agreements"]
    assert agreements["agree_contact_between_sessions"] == (5, 1.0)  # always
    assert agreements["agree_cameras"] == (4, 0.8)  # online or hybrid: all but p2
    assert agreements["agree_reachable_meeting"] == (4, 0.8)  # long travel, hybrid or in person: all but p1
    assert agreements["agree_access_needs"] == (1, 0.2)  # p4
    assert agreements["agree_messages"] == (5, 1.0)  # always
    counts = [item["count"] for item in next(found for found in group["lists"] if found["id"] == "agreements")["items"]]
    assert counts == sorted(counts, reverse=True), "most frequent first"
    assert lists["checks"] == {"check_privacy": (1, 0.2)}  # p5


def test_markdown_report_has_tables_and_no_names_or_free_text(run: RunCli, answers_dir: Path, summaries_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "debrief.md"
    result = run("report", answers_dir, summaries_dir, "--output", target, "--date", "2026-11-21")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(target)
    assert (target.stat().st_mode & 0o777) == 0o600
    text = target.read_text()
    assert SECRET not in text
    assert "p1" not in text and str(answers_dir) not in text  # no file names
    assert "Date: 2026-11-21" in text
    tables = [token for token in md_tokens(text, tables=True) if token.type == "table_open"]
    assert len(tables) > 20
    assert "| Combine in person and online | 3 | 60% |" in text
    assert "| Established: there is trust between us | 3 | 60% |" in text
    assert "1 minus the share of the most common answer" in text
    again = run("report", answers_dir, summaries_dir, "--output", target)
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert run("report", answers_dir, summaries_dir, "--output", target, "--force", "--date", "2026-11-21").exit_code == 0
    assert target.read_text() == text


def test_a_summary_s_own_words_in_its_outcome_or_items_never_reach_the_report(run: RunCli, summaries_dir: Path, tmp_path: Path) -> None:
    # A summary is a file: its recommendation and finding ids may hold anything, a name included.
    one = next(iter(sorted(summaries_dir.glob("*.md"))))
    planted = "Planted words of a summary"
    text = one.read_text()
    text = text.replace("recommendation: digital", f"recommendation: {planted}", 1).replace("- agree_cameras", f"- {planted}", 1)
    assert text.count(planted) == 2
    one.write_text(text)
    for extra in ((), ("--format", "json")):
        result = run("report", summaries_dir, *extra)
        assert result.exit_code == 0, result.stderr
        assert planted not in result.stdout
    data = report_data(run, summaries_dir)
    assert data["checklists"][0]["participants"] == 5, "the summary still counts, without the value the checklist lacks"


def test_the_report_is_reproducible_whatever_the_order_of_inputs(run: RunCli, answers_dir: Path, summaries_dir: Path) -> None:
    one = run("report", answers_dir, summaries_dir, "--date", "2026-11-21")
    two = run("report", summaries_dir, *sorted(answers_dir.iterdir(), reverse=True), "--date", "2026-11-21")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    assert "Date:" not in run("report", answers_dir).stdout  # no timestamp of its own


def test_summaries_alone_give_outcomes_json_summaries_give_answers_too(run: RunCli, answers_dir: Path, tmp_path: Path) -> None:
    markdown = tmp_path / "md"
    json_out = tmp_path / "json"
    assert run("batch", "decide", answers_dir, "--output-dir", markdown).exit_code == 0
    assert run("batch", "decide", answers_dir, "--output-dir", json_out, "--format", "json").exit_code == 0
    from_markdown = report_data(run, markdown)["checklists"][0]
    assert (from_markdown["participants"], from_markdown["with_answers"]) == (5, 0)
    assert by_value(from_markdown["outcomes"])["hybrid"] == (3, 0.6)
    from_json = report_data(run, json_out)["checklists"][0]
    assert from_json["with_answers"] == 5
    questions = {q["id"]: q for q in from_json["questions"]}
    assert questions["relationship_stage"]["disagreement"] == 0.4
    text = run("report", markdown).stdout
    assert "No answers to show" in text


def test_answers_files_alone_give_the_spread(run: RunCli, answers_dir: Path) -> None:
    group = report_data(run, answers_dir)["checklists"][0]
    assert (group["participants"], group["summaries"], group["answers_files"]) == (5, 0, 5)
    assert by_value(group["outcomes"]) == {"in-person": (0, 0.0), "hybrid": (0, 0.0), "digital": (0, 0.0)}
    assert group["disagreement"][0]["id"] == "video_comfort"


def test_reflect_summaries_show_the_trust_building_recommendations(run: RunCli, tmp_path: Path) -> None:
    base = load_golden("reflect-digital-session.yaml")
    folder = tmp_path / "reflect"
    folder.mkdir()
    (folder / "r1.json").write_text(json.dumps(base))
    (folder / "r2.json").write_text(json.dumps(base | {"peer_space": "no"}))
    out = tmp_path / "out"
    assert run("batch", "reflect", folder, "--output-dir", out).exit_code == 0
    group = report_data(run, out, folder)["checklists"][0]
    assert group["checklist"] == "reflect" and "outcomes" not in group
    recommendations = next(found for found in group["lists"] if found["id"] == "recommendations")
    counts = {item["id"]: item["count"] for item in recommendations["items"]}
    assert counts["be-authentic-and-clear-about-your-role"] == 2
    assert counts["safe-space-to-discuss-cases"] == 1
    assert "format_missed_gained" in {q["id"] for q in group["questions"]}
    assert "long silences" not in json.dumps(group)  # free text never copied


def test_a_bad_file_is_reported_and_the_rest_still_counted(run: RunCli, answers_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("preferred_format: [oops\n")
    (tmp_path / "other.yaml").write_text("nothing_we_know: 1\n")
    result = run("report", answers_dir, tmp_path / "bad.yaml", tmp_path / "other.yaml", "--format", "json")
    assert result.exit_code == 2
    assert "bad.yaml" in result.stderr and "not valid YAML" in result.stderr
    assert "other.yaml: cannot tell which checklist" in result.stderr
    assert json.loads(result.stdout)["checklists"][0]["participants"] == 5


def test_when_no_input_can_be_read_no_report_is_written(run: RunCli, tmp_path: Path) -> None:
    """Each refusal says why; an empty report would only stand in the way of the next run (it needs --force)."""
    (tmp_path / "cut.md").write_bytes(b"---\nfamsupport: 1\n\xff\n")
    target = tmp_path / "debrief.md"
    result = run("report", tmp_path / "cut.md", "--output", target, "--lang", "de")
    assert result.exit_code == 2
    assert result.stdout == "" and not target.exists()
    cut = tmp_path / "cut.md"
    assert result.stderr.startswith(f"Fehler: Die Zusammenfassung oder Antwortdatei {cut} ist kein UTF-8-Text."), result.stderr


def test_an_answer_that_does_not_fit_is_left_out_with_a_note(run: RunCli, answers_dir: Path) -> None:
    (answers_dir / "p6.yaml").write_text("preferred_format: sometimes\nvideo_comfort: 5\n")
    result = run("report", answers_dir, "--format", "json")
    assert result.exit_code == 0
    assert "p6.yaml: 1 answer could not be read and is not counted" in result.stderr
    questions = {q["id"]: q for q in json.loads(result.stdout)["checklists"][0]["questions"]}
    assert questions["preferred_format"]["answered"] == 5
    assert questions["video_comfort"]["answered"] == 6


def test_terminal_view_draws_bar_charts(run: RunCli, answers_dir: Path, summaries_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    import famsupport_cli.io.display
    from famsupport_cli.checks.vignettes import load_training_text
    from famsupport_cli.render.charts import report_terminal

    console = Console(record=True, width=120, force_terminal=False)
    monkeypatch.setattr(famsupport_cli.io.display, "out_console", lambda: console)
    report_terminal(report_data(run, answers_dir, summaries_dir), load_training_text())
    shown = console.export_text()
    assert "Debrief report: Go digital?" in shown
    assert "Combine in person and online" in shown and "█" * 18 in shown  # 60% of a 30-wide bar
    assert SECRET not in shown


def test_an_answers_file_with_no_answer_that_fits_is_no_participant(run: RunCli, answers_dir: Path, summaries_dir: Path) -> None:
    # It was counted as a participant who left every question empty, and took the override's default.
    (answers_dir / "bad.yaml").write_text("preferred_format: banana\n")
    result = run("report", answers_dir, summaries_dir, "--format", "json")
    assert "bad.yaml: none of its answers fits the decide checklist" in result.stderr
    group = json.loads(result.stdout)["checklists"][0]
    assert group["participants"] == 5 and group["with_answers"] == 5
    override = next(q for q in group["questions"] if q["id"] == "override_format")
    assert sum(item["count"] for item in override["answers"]) <= 5


def test_a_report_of_one_or_two_participants_says_its_counts_are_personal(run: RunCli, answers_dir: Path, tmp_path: Path) -> None:
    one = tmp_path / "one"
    one.mkdir()
    (one / "p2.json").write_text((answers_dir / "p2.json").read_text())
    result = run("report", one)
    assert result.exit_code == 0, result.stderr
    assert "With 1 participant, these counts are that person's own answers" in result.stdout
    assert "Bei 1 teilnehmenden Person" in run("report", one, "--lang", "de").stdout
    assert "these counts" not in run("report", answers_dir).stdout  # five participants


@pytest.mark.parametrize(
    ("language", "share", "disagreement"),
    [("en", "| 60% |", "| 0.40 |"), ("de", "| 60 % |", "| 0,40 |"), ("fr", "| 60\u202f% |", "| 0,40 |")],
)
def test_shares_and_decimals_are_written_as_the_report_s_language_writes_them(
    run: RunCli, answers_dir: Path, summaries_dir: Path, language: str, share: str, disagreement: str
) -> None:
    result = run("report", answers_dir, summaries_dir, "--lang", language)
    assert result.exit_code == 0, result.stderr
    assert share in result.stdout and disagreement in result.stdout
