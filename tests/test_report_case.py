"""`famsupport report --case ID`: a group against a shipped case's reference, and what every group report shows.

The group: six participants of the case "family-in-the-media" (its decide reference recommends
meeting online), each the trainer's reference answers with at most a few changed, so that
every count below can be followed by hand.

  p1  the reference as is                                   -> digital (matches)
  p2  relationship_stage early                              -> hybrid
  p3  video_comfort 2 (a red flag)                          -> in-person
  p4  approved_platform no (so platform_checked not asked)  -> hybrid
  p5  relationship_stage early; 9 sessions today, feeling 1 -> hybrid
  p6  feeling 2 (the participant's own wellbeing only)      -> digital (matches)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it.token import Token

from conftest import RunCli
from famsupport_cli.checks.vignettes import find_vignette, load_vignettes
from famsupport_cli.content.bundle import Bundle
from famsupport_cli.content.location import shipped_content_dir
from helpers import md_tokens

CASE = "family-in-the-media"
CHANGES: dict[str, dict[str, Any]] = {
    "p1": {},
    "p2": {"relationship_stage": "early"},
    "p3": {"video_comfort": 2},
    "p4": {"approved_platform": "no"},
    "p5": {"relationship_stage": "early", "sessions_today": 9, "how_you_feel": 1},
    "p6": {"how_you_feel": 2},
}


def reference_answers(bundle: Bundle) -> dict[str, Any]:
    return dict(find_vignette(load_vignettes(bundle), CASE).references["decide"].answers)


def write_group(folder: Path, base: dict[str, Any], changes: dict[str, dict[str, Any]], drop: dict[str, str] | None = None) -> Path:
    folder.mkdir()
    for name, change in changes.items():
        answers = base | change
        if answers.get("approved_platform") == "no":
            answers.pop("platform_checked")  # not asked once the platform is not approved
        if drop and name in drop:
            answers.pop(drop[name])
        (folder / f"{name}.json").write_text(json.dumps(answers))
    return folder


@pytest.fixture
def group(run: RunCli, bundle: Bundle, tmp_path: Path) -> tuple[Path, Path]:
    """The answers files and their Markdown summaries."""
    answers = write_group(tmp_path / "answers", reference_answers(bundle), CHANGES)
    summaries = tmp_path / "summaries"
    result = run("batch", "decide", answers, "--output-dir", summaries)
    assert result.exit_code == 0, result.stderr
    return answers, summaries


def report_json(run: RunCli, *args: str | Path) -> dict[str, Any]:
    result = run("report", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def label(bundle: Bundle, question_id: str, value: str) -> str:
    """An option's words, from the content (which another change may reword)."""
    options = bundle.checklists["decide"].question_index[question_id].options or []
    return next(option.label for option in options if option.value == value)


def outcome(bundle: Bundle, value: str) -> str:
    decision = bundle.checklists["decide"].decision
    assert decision is not None
    return next(item.label for item in decision.outcomes if item.value == value)


def private_question_ids(bundle: Bundle) -> set[str]:
    """The wellbeing questions, found by the content's own marker (so that removing it fails these tests)."""
    decide = bundle.checklists["decide"]
    private = [section for section in decide.sections if section.private]
    assert [section.id for section in private] == ["wellbeing"]
    ids = {question.id for section in private for question in section.questions}
    assert {"sessions_today", "how_you_feel", "max_sessions_per_day"} <= ids
    return ids


def table_headers(tokens: list[Token]) -> list[list[str]]:
    """The heading cells of every table, as text."""
    tables: list[list[str]] = []
    inside = False
    for index, token in enumerate(tokens):
        if token.type == "thead_open":
            inside, cells = True, []
            tables.append(cells)
        elif token.type == "thead_close":
            inside = False
        elif inside and token.type == "th_open":
            cells.append(tokens[index + 1].content)
    return tables


# --- the debrief against the case -----------------------------------------------------------


def test_the_group_against_the_case_reference_matches_the_hand_count(run: RunCli, group: tuple[Path, Path]) -> None:
    answers, summaries = group
    data = report_json(run, answers, summaries, "--case", CASE)
    assert data["case"] == {"id": CASE, "title": "A family that has been in the media"}
    (found,) = data["checklists"]
    reference = found["reference"]
    assert set(reference) == {"case", "recommendation", "matched", "of", "questions"}
    assert (reference["case"], reference["recommendation"], reference["matched"], reference["of"]) == (CASE, "digital", 2, 6)
    questions = {item["question"]: item for item in reference["questions"]}
    for item in reference["questions"]:
        assert set(item) == {"question", "reference", "matched", "of", "share", "note"}
    stage = questions["relationship_stage"]
    assert (stage["reference"], stage["matched"], stage["of"], stage["share"]) == ("established", 4, 6, 0.6667)  # all but p2, p5
    assert stage["note"] == "Eight months of regular sessions."
    assert (questions["video_comfort"]["matched"], questions["video_comfort"]["of"], questions["video_comfort"]["note"]) == (5, 6, None)
    assert (questions["approved_platform"]["matched"], questions["approved_platform"]["of"]) == (5, 6)  # all but p4
    # p4 was not asked whether the platform was checked: shares are of those who answered.
    checked = questions["platform_checked"]
    assert (checked["matched"], checked["of"], checked["share"]) == (5, 5, 1.0)
    assert (questions["preferred_format"]["matched"], questions["preferred_format"]["of"]) == (6, 6)
    assert questions["preferred_format"]["note"].startswith("She asks for it herself")
    assert questions["access_needs"]["reference"] == ["none"]  # as in an answers file


def test_the_debrief_in_markdown_has_the_recommendation_line_and_a_table(run: RunCli, bundle: Bundle, group: tuple[Path, Path]) -> None:
    answers, summaries = group
    result = run("report", answers, summaries, "--case", CASE)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    tokens = md_tokens(text, tables=True)
    headings = [tokens[i + 1].content for i, token in enumerate(tokens) if token.type == "heading_open" and token.tag == "h2"]
    assert headings[0] == "Compared with the case: A family that has been in the media", "the debrief comes first"
    assert f"**Reached the reference recommendation, “{outcome(bundle, 'digital')}”: 2 of 6.**" in text
    assert ["Question", "Reference answer", "Same answer", "Share", "Trainer's note"] in table_headers(tokens)
    row = next(line for line in text.splitlines() if "(`relationship_stage`) |" in line)
    assert row.endswith(f" | {label(bundle, 'relationship_stage', 'established')} | 4 of 6 | 67% | Eight months of regular sessions. |")
    assert f"(`access_needs`) | {label(bundle, 'access_needs', 'none')} | 6 of 6 | 100% |" in text  # a multiple-choice answer in words


def test_the_debrief_in_the_terminal(run: RunCli, bundle: Bundle, group: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    import famsupport_cli.io.display
    from famsupport_cli.checks.vignettes import load_training_text
    from famsupport_cli.render.charts import report_terminal

    console = Console(record=True, width=200, force_terminal=False)
    monkeypatch.setattr(famsupport_cli.io.display, "out_console", lambda: console)
    report_terminal(report_json(run, *group, "--case", CASE), load_training_text())
    shown = console.export_text()
    assert "Compared with the case: A family that has been in the media" in shown
    assert f"Reached the reference recommendation, “{outcome(bundle, 'digital')}”: 2 of 6." in shown
    prompt = bundle.checklists["decide"].question_index["relationship_stage"].prompt
    line = next(line for line in shown.splitlines() if prompt in line)
    assert label(bundle, "relationship_stage", "established") in line and "4 of 6" in line and "67%" in line
    heading = next(line for line in shown.splitlines() if "Reference answer" in line)
    assert all(word in heading for word in ("Question", "Same answer", "Share", "Trainer's note"))


def test_the_debrief_in_german(run: RunCli, group: tuple[Path, Path]) -> None:
    result = run("report", *group, "--case", CASE, "--lang", "de")
    assert result.exit_code == 0, result.stderr
    assert "## Im Vergleich mit dem Fall: " in result.stdout
    assert "Zur Empfehlung der Referenz „" in result.stdout and "“ gekommen: 2 von 6." in result.stdout
    assert "| Frage | Antwort der Referenz | Dieselbe Antwort | Anteil | Hinweis der Schulungsleitung |" in result.stdout


def test_summaries_alone_give_the_recommendation_and_answers_alone_the_questions(run: RunCli, group: tuple[Path, Path]) -> None:
    answers, summaries = group
    alone = report_json(run, summaries, "--case", CASE)["checklists"][0]["reference"]
    assert (alone["matched"], alone["of"]) == (2, 6)
    assert all(item["of"] == 0 for item in alone["questions"])
    assert "No answers to show" in run("report", summaries, "--case", CASE).stdout
    only_answers = run("report", answers, "--case", CASE).stdout
    assert "No summaries to compare the recommendation with" in only_answers
    assert "| 4 of 6 | 67% |" in only_answers


def test_an_unknown_case_is_exit_2_naming_the_cases(run: RunCli, group: tuple[Path, Path]) -> None:
    result = run("report", *group, "--case", "no-such-case")
    assert result.exit_code == 2
    assert "There is no case 'no-such-case'." in result.stderr
    shipped = sorted(path.stem for path in (shipped_content_dir() / "vignettes").glob("*.yaml"))
    assert f"Cases: {', '.join(shipped)}" in result.stderr
    assert result.stdout == ""


def test_a_case_without_a_reference_for_the_group_says_so(run: RunCli, group: tuple[Path, Path], tmp_path: Path) -> None:
    case = yaml.safe_load((shipped_content_dir() / "vignettes" / f"{CASE}.yaml").read_text(encoding="utf-8"))
    case["id"] = "reflect-only"
    del case["reference"]["decide"]
    pack = tmp_path / "pack"
    (pack / "vignettes").mkdir(parents=True)
    (pack / "vignettes" / "reflect-only.yaml").write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    result = run("report", *group, "--content", pack, "--case", "reflect-only")
    assert result.exit_code == 2
    assert "These files are for the “decide” checklist, and the case “reflect-only” has no reference for it." in result.stderr
    assert "The case has a reference for: reflect." in result.stderr
    assert result.stdout == ""


def test_a_reflect_group_against_the_case(run: RunCli, bundle: Bundle, tmp_path: Path) -> None:
    reference = find_vignette(load_vignettes(bundle), CASE).references["reflect"]
    folder = write_group(tmp_path / "reflect", dict(reference.answers), {"r1": {}, "r2": {"public_discourse": "no"}})
    out = tmp_path / "out"
    assert run("batch", "reflect", folder, "--output-dir", out).exit_code == 0
    found = report_json(run, folder, out, "--case", CASE)["checklists"][0]["reference"]
    assert found["recommendation"] == ["mind-the-public-discourse", "mind-your-media-presence"]
    assert (found["matched"], found["of"]) == (1, 2)  # r2 does not bring up the public discourse
    assert {item["question"]: item["matched"] for item in found["questions"]}["public_discourse"] == 1
    assert "format_missed_gained" not in {item["question"] for item in found["questions"]}  # free text is not compared
    # A reference of several options ticked, in words: the labels may hold commas, so they are set apart by semicolons.
    options = {option.value: option.label for option in bundle.checklists["reflect"].question_index["seen_as"].options or []}
    row = next(line for line in run("report", folder, out, "--case", CASE).stdout.splitlines() if "(`seen_as`) |" in line)
    assert f"| {options['helper']}; {options['ally']} | 2 of 2 | 100% |" in row


# --- what every group report shows -----------------------------------------------------------


def test_no_wellbeing_answers_in_a_group_report(run: RunCli, bundle: Bundle, group: tuple[Path, Path]) -> None:
    private = private_question_ids(bundle)
    data = report_json(run, *group, "--case", CASE)
    (found,) = data["checklists"]
    assert not private & {q["id"] for q in found["questions"]}
    assert not private & {q["id"] for q in found["disagreement"]}
    assert not private & {q["question"] for q in found["reference"]["questions"]}
    assert "wellbeing" not in {found_list["id"] for found_list in found["lists"]}  # p5's notes on their own day
    title = next(section.title for section in bundle.checklists["decide"].sections if section.private)
    assert found["private_sections"] == [{"id": "wellbeing", "title": title}]
    text = run("report", *group, "--case", CASE).stdout
    decide = bundle.checklists["decide"]
    for question in decide.questions():
        if question.id in private:
            assert question.prompt not in text
    assert "wellbeing_running_low" not in text
    assert f"_“{title}”: these answers are for each participant alone and are left out of this report._" in text


def test_ties_are_shown_as_ties(run: RunCli, bundle: Bundle, tmp_path: Path) -> None:
    answers = write_group(tmp_path / "tie", reference_answers(bundle), {"p1": CHANGES["p1"], "p2": CHANGES["p2"]})
    summaries = tmp_path / "tie-summaries"
    assert run("batch", "decide", answers, "--output-dir", summaries).exit_code == 0
    found = report_json(run, answers, summaries)["checklists"][0]
    assert found["most_often"] == ["hybrid", "digital"]  # one each
    stage = next(q for q in found["disagreement"] if q["id"] == "relationship_stage")
    assert stage["most_common"] is None
    early, established = label(bundle, "relationship_stage", "early"), label(bundle, "relationship_stage", "established")
    assert stage["top_answers"] == [early, established]  # in content order
    assert stage["most_common_share"] == 0.5
    text = run("report", answers, summaries).stdout
    assert f"A tie for most often: {outcome(bundle, 'hybrid')} / {outcome(bundle, 'digital')}, 1 of 2 each." in text
    assert "Most often:" not in text
    row = next(line for line in text.splitlines() if "(`relationship_stage`) |" in line and line.count("|") == 5)
    assert f"| A tie: {early} / {established} (50% each) |" in row
    # One answer ahead is no tie.
    three = write_group(tmp_path / "three", reference_answers(bundle), {name: CHANGES[name] for name in ("p1", "p2", "p6")})
    stage = next(q for q in report_json(run, three)["checklists"][0]["questions"] if q["id"] == "relationship_stage")
    assert (stage["most_common"], stage["top_answers"]) == (established, [established])


def test_not_asked_is_not_left_empty(run: RunCli, bundle: Bundle, tmp_path: Path) -> None:
    # p4 is never asked whether the platform was checked; p7 leaves out a question they were asked.
    changes = {"p1": {}, "p4": CHANGES["p4"], "p7": {}}
    answers = write_group(tmp_path / "asked", reference_answers(bundle), changes, drop={"p7": "digital_skills"})
    questions = {q["id"]: q for q in report_json(run, answers)["checklists"][0]["questions"]}
    checked = questions["platform_checked"]
    assert (checked["answered"], checked["left_empty"], checked["not_asked"], checked["not_answered"]) == (2, 0, 1, 1)
    skills = questions["digital_skills"]
    assert (skills["answered"], skills["left_empty"], skills["not_asked"], skills["not_answered"]) == (2, 1, 0, 1)
    text = run("report", answers).stdout
    sections = {part.split("\n", 1)[0]: part for part in text.split("\n### ")[1:]}
    platform = next(part for title, part in sections.items() if "(`platform_checked`)" in title)
    assert "| _Not asked (it did not apply)_ | 1 |  |" in platform and "Left empty" not in platform
    skills_part = next(part for title, part in sections.items() if "(`digital_skills`)" in title)
    assert "| _Left empty_ | 1 |  |" in skills_part and "Not asked" not in skills_part


def test_every_table_has_headings(run: RunCli, group: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    text = run("report", *group, "--case", CASE).stdout
    tokens = md_tokens(text, tables=True)
    headers = table_headers(tokens)
    assert len(headers) == sum(1 for token in tokens if token.type == "table_open") > 20
    assert all(cells and all(cell.strip() for cell in cells) for cells in headers), "a table with an empty heading"
    assert ["Question", "Disagreement", "Most common answer", "Answered"] in headers
    assert ["Recommendation", "Count", "Share"] in headers
    # In the terminal, too: the disagreement table's bar sits under the Disagreement heading.
    from rich.console import Console

    import famsupport_cli.io.display
    from famsupport_cli.checks.vignettes import load_training_text
    from famsupport_cli.render.charts import report_terminal

    console = Console(record=True, width=160, force_terminal=False)
    monkeypatch.setattr(famsupport_cli.io.display, "out_console", lambda: console)
    report_terminal(report_json(run, *group), load_training_text())
    lines = console.export_text().splitlines()
    heading = next(index for index, line in enumerate(lines) if "Most common answer" in line)
    assert all(word in lines[heading] for word in ("Question", "Disagreement", "Answered"))
    prompt = report_json(run, *group)["checklists"][0]["disagreement"][0]["prompt"]
    row = next(line for line in lines[heading:] if prompt[:30] in line)
    assert "0.33 ██████████" in row  # 1 - 4/6, with its bar
