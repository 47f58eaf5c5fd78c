"""The documents famsupport writes (issue 15): a one-page case note, a private supervision record, the full sheet.

Measured over every golden file, the vignettes' reference answers and our own realistic cases
(tests/cases): their length, what they leave out (the practitioner's wellbeing, any path or
command line), where the supervision topic goes, and their Markdown structure.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import RunCli, WriteAnswers
from famsupport_cli.checks.content import load_bundle
from famsupport_cli.checks.vignettes import load_vignettes
from famsupport_cli.content import yamlfile
from famsupport_cli.content.loader import Bundle
from famsupport_cli.core.casenote import note_view
from famsupport_cli.core.engine import Result, evaluate
from famsupport_cli.core.presets import read_presets
from famsupport_cli.core.summary import Meta, reason_label
from famsupport_cli.core.walk import NoInputAsker, walk
from famsupport_cli.runner import render_document
from helpers import GOLDEN_DIR, front_matter, load_golden, md_tokens

CASES_DIR = Path(__file__).resolve().parent / "cases"
_WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")
NOTE = Meta(tool_version="0", language="en", date="2026-12-01T10:00:00+00:00", options=("answers",), detail="note")
FULL = Meta(tool_version="0", language="en", date="2026-12-01T10:00:00+00:00", options=("answers",), detail="full")


def _words(markdown: str) -> int:
    return len(_WORD.findall(markdown.split("\n---\n", 1)[1]))


def _all_cases(bundle: Bundle) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for folder in (GOLDEN_DIR, CASES_DIR):
        for path in sorted(folder.glob("*.yaml")):
            data = yamlfile.parse(path.read_text(encoding="utf-8"), path.name).data
            assert isinstance(data, dict)
            yield path.name.split("-", 1)[0], path.name, data
    for item in load_vignettes(bundle):
        for checklist_id in ("decide", "reflect"):
            reference = item.reference(checklist_id)
            if reference is not None:
                yield checklist_id, f"vignette {item.vignette.id}", dict(reference.answers)


def _result(bundle: Bundle, checklist_id: str, raw: dict[str, Any]) -> Result:
    checklist = bundle.checklist(checklist_id)
    presets = read_presets(raw, "case", checklist)
    assert not presets.issues
    outcome = walk(checklist, presets.answers, NoInputAsker(), lambda given: evaluate(bundle, checklist, given))
    return evaluate(bundle, checklist, outcome.answers)


@pytest.fixture(scope="module")
def measured() -> dict[str, list[tuple[str, Result, str]]]:
    """Every case's result and short document, by checklist."""
    bundle = load_bundle()
    found: dict[str, list[tuple[str, Result, str]]] = {"decide": [], "reflect": []}
    for checklist_id, name, raw in _all_cases(bundle):
        result = _result(bundle, checklist_id, raw)
        found[checklist_id].append((name, result, render_document(result, bundle, NOTE)))
    assert len(found["decide"]) >= 15 and len(found["reflect"]) >= 9  # golden, vignettes and our own
    return found


# --- length -------------------------------------------------------------------------------------


# The longest note is the one with every answer still open (cases/decide-everything-open.yaml):
# about 600 words, most of them in short list items, since each gap is said in its own sentence.
@pytest.mark.parametrize(("checklist_id", "typical", "longest"), [("decide", 450, 650), ("reflect", 700, 900)])
def test_the_short_documents_stay_short(
    measured: dict[str, list[tuple[str, Result, str]]], checklist_id: str, typical: int, longest: int
) -> None:
    counts = {name: _words(text) for name, _, text in measured[checklist_id]}
    assert statistics.median(counts.values()) <= typical, counts
    assert max(counts.values()) <= longest, counts
    assert min(counts.values()) > 100, counts  # they still say something


def test_the_full_sheet_keeps_everything(measured: dict[str, list[tuple[str, Result, str]]]) -> None:
    bundle = load_bundle()
    for name, result, note in measured["decide"]:
        full = render_document(result, bundle, FULL)
        assert _words(full) > 3 * _words(note), name
        assert "## Sources drawn on" in full and "## All answers" in full
        assert "Sources drawn on" not in note and "All answers" not in note


# --- what a case note holds and leaves out -------------------------------------------------------


def test_no_wellbeing_in_a_case_note(measured: dict[str, list[tuple[str, Result, str]]]) -> None:
    bundle = load_bundle()
    checklist = bundle.checklist("decide")
    wellbeing = next(section for section in checklist.sections if section.id == "wellbeing")
    wellbeing_rules = [rule for rule in checklist.rules if rule.add_to == "wellbeing"]
    some_fired = False
    for name, result, note in measured["decide"]:
        some_fired = some_fired or bool(result.findings.get("wellbeing"))
        for question in wellbeing.questions:
            assert question.prompt not in note, name
            assert question.id not in note, name
        for rule in wellbeing_rules:
            assert (rule.title or "") not in note, name
            assert rule.text is None or rule.text.split(".")[0] not in note, name
        assert "wellbeing" not in front_matter(note)["findings"], name
    assert some_fired, "the cases include some with wellbeing notes, so the test can fail"


def test_the_note_says_only_that_the_session_goes_past_the_limit(measured: dict[str, list[tuple[str, Result, str]]]) -> None:
    bundle = load_bundle()
    notes = {name: (result, text) for name, result, text in measured["decide"]}
    result, note = notes["decide-everything-open.yaml"]
    assert any(f.rule_id == "wellbeing_session_limit" for f in result.findings["wellbeing"])
    assert bundle.ui.casenote_past_limit in note
    assert bundle.ui.casenote_past_limit not in notes["decide-digital.yaml"][1]


def test_settled_agreements_are_recorded_as_agreed_not_as_to_do(measured: dict[str, list[tuple[str, Result, str]]]) -> None:
    notes = {name: text for name, _, text in measured["decide"]}
    digital = notes["decide-digital.yaml"]  # cameras: both-on, recording: nobody
    assert "- [x] Cameras: Both cameras on" in digital
    assert "- [ ] **Cameras**" not in digital
    assert "- [ ] **Cameras**" in notes["decide-everything-open.yaml"]  # cameras: not discussed yet


def _decided(note: str) -> str:
    """The reasons part of a case note: under its heading, which names the recommendation after an override."""
    heading = "## What the checklist's recommendation rested on" if "The checklist recommended" in note else "## What decided it"
    return note.split(heading, 1)[1].split("\n## ", 1)[0]


def test_after_an_override_the_reasons_are_headed_as_the_recommendation_s(run: RunCli) -> None:
    note = run("decide", "--answers", GOLDEN_DIR / "decide-override.yaml", "--no-input", "--output", "-").stdout
    assert "The checklist recommended" in note
    assert "## What decided it" not in note and "## What the checklist's recommendation rested on" in note


def test_in_person_shows_the_red_flags_not_what_held_for_going_online(measured: dict[str, list[tuple[str, Result, str]]]) -> None:
    bundle = load_bundle()
    for name, result, note in measured["decide"]:
        verdict = result.verdict
        assert verdict is not None
        decided = _decided(note)
        flags = [r for r in verdict.reasons if r.kind == "red-flag"]
        if flags:
            assert decided.index(reason_label(bundle.ui, flags[0])) < 40, name  # red flags first
            for reason in verdict.reasons:
                if reason.kind == "holds":
                    assert reason.title not in decided, name


def test_a_gap_in_the_note_is_said_in_its_own_sentence_not_by_its_title(measured: dict[str, list[tuple[str, Result, str]]]) -> None:
    # "Not in place for a fully online session: You already know each other well" read as a fact.
    seen = 0
    for name, result, note in measured["decide"]:
        assert result.verdict is not None
        decided = _decided(note)
        for reason in result.verdict.reasons:
            if reason.kind in ("fails", "unsure") and reason_label(load_bundle().ui, reason) in decided:
                seen += 1
                assert " ".join(reason.text.split()) in " ".join(decided.split()), name
                assert f"- {reason.title}\n" not in decided, name
    assert seen >= 3  # the golden cases do have gaps


def test_the_terminal_view_is_the_note_s(measured: dict[str, list[tuple[str, Result, str]]]) -> None:
    for name, result, _ in measured["decide"]:
        view = note_view(result)
        assert "wellbeing" not in view.findings and all(fl.id != "wellbeing" for fl in view.checklist.lists), name
        assert view.verdict is not None
        kinds = {r.kind for r in view.verdict.reasons}
        assert "red-flag" not in kinds or kinds == {"red-flag"}, name
        shown = {f.rule_id for f in view.findings["agreements"]}
        if result.answers.get("cameras") == "both-on":
            assert "agree_cameras" not in shown


# --- the supervision record ----------------------------------------------------------------------


def _section(markdown: str, heading: str) -> str:
    """The text under a level-2 heading, up to the next one."""
    return markdown.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_the_supervision_topic_is_under_the_supervision_heading(run: RunCli) -> None:
    result = run("reflect", "--answers", CASES_DIR / "reflect-hard-first-contact.yaml", "--no-input", "--output", "-")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.count("How to hold my own anger") == 1
    assert "How to hold my own anger" in _section(text, "Questions to take to supervision or peer discussion")
    assert "Private supervision record" in text.split("\n## ", 1)[0]  # labelled as such, at the top
    assert "not for the case file" in text
    assert "Start by explaining in plain words" in _section(text, "Next steps")


def test_reflect_after_links_the_decide_note_by_date_and_kind(run: RunCli, tmp_path: Path) -> None:
    family = tmp_path / "mueller-family"
    family.mkdir()
    decided = family / "mueller-decide.md"
    assert (
        run("decide", "--answers", GOLDEN_DIR / "decide-digital.yaml", "--no-input", "--output", decided, "--date", "2026-11-30").exit_code
        == 0
    )
    result = run("reflect", "--answers", GOLDEN_DIR / "reflect-digital-session.yaml", "--no-input", "--output", "-", "--after", decided)
    assert result.exit_code == 0, result.stderr
    assert front_matter(result.stdout)["after"] == {"kind": "decide", "date": "2026-11-30", "format": "digital"}
    assert "2026-11-30 (decide): Meet online" in result.stdout
    assert "mueller" not in result.stdout


# --- no path, name or command line in any file ----------------------------------------------------


def _named_like_a_family(tmp_path: Path, golden: str) -> Path:
    folder = tmp_path / "Mueller"
    folder.mkdir(exist_ok=True)
    path = folder / f"mueller-family-{golden.split('-', 1)[0]}.yaml"
    shutil.copy(GOLDEN_DIR / golden, path)
    return path


@pytest.mark.parametrize(("command", "golden"), [("decide", "decide-digital.yaml"), ("reflect", "reflect-digital-session.yaml")])
@pytest.mark.parametrize("extra", [(), ("--detail", "full"), ("--format", "json")])
def test_no_file_name_or_command_line_in_the_document(
    run: RunCli, tmp_path: Path, command: str, golden: str, extra: tuple[str, ...]
) -> None:
    answers = _named_like_a_family(tmp_path, golden)
    target = tmp_path / "Mueller" / "mueller-summary.out"
    result = run(command, "--answers", answers, "--no-input", "--output", target, "--date", "2026-11-30", *extra)
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert "mueller" not in text.lower()
    assert str(tmp_path) not in text
    recorded = json.loads(text)["options"] if extra[:1] == ("--format",) else front_matter(text)["options"]
    assert sorted(recorded) == sorted(["answers", "no-input", "output", "date", *[arg[2:] for arg in extra if arg.startswith("--")]])


def test_no_file_name_in_a_batch(run: RunCli, tmp_path: Path) -> None:
    answers = _named_like_a_family(tmp_path, "decide-digital.yaml")
    out = tmp_path / "out"
    out.mkdir()
    result = run("batch", "decide", answers, "--output-dir", out)
    assert result.exit_code == 0, result.stderr
    written = list(out.iterdir())
    assert written
    for path in written:  # the file is named after the answers file (the user chose it), its text is not
        text = path.read_text(encoding="utf-8")
        assert "mueller" not in text.lower()
        assert front_matter(text)["options"] == ["output-dir"]


def test_no_file_name_in_a_training_run(run: RunCli, tmp_path: Path) -> None:
    bundle = load_bundle()
    item = load_vignettes(bundle)[0]
    reference = item.reference("decide")
    assert reference is not None
    answers = tmp_path / "mueller-family.json"
    answers.write_text(json.dumps(dict(reference.answers)), encoding="utf-8")
    target = tmp_path / "mueller-training.md"
    result = run("training", "run", item.vignette.id, "--answers", answers, "--no-input", "--output", target)
    assert result.exit_code in (0, 2), result.stderr
    assert "mueller" not in target.read_text(encoding="utf-8").lower()


# --- case reference and session date --------------------------------------------------------------


@pytest.mark.parametrize(("command", "golden"), [("decide", "decide-digital.yaml"), ("reflect", "reflect-worldview.yaml")])
def test_case_reference_and_session_date_go_into_both_documents(run: RunCli, command: str, golden: str) -> None:
    args = [command, "--answers", GOLDEN_DIR / golden, "--no-input", "--output", "-"]
    result = run(*args, "--case-ref", "FS-2026-117", "--session-date", "2026-12-03")
    assert result.exit_code == 0, result.stderr
    meta = front_matter(result.stdout)
    assert (meta["case_ref"], meta["session_date"]) == ("FS-2026-117", "2026-12-03")
    assert "Case reference: FS-2026-117" in result.stdout
    eight_digits = run(command, "--answers", GOLDEN_DIR / golden, "--no-input", "--output", "-", "--case-ref", "FS-2026-0042")
    assert eight_digits.exit_code == 0, eight_digits.stderr  # was refused as a phone number
    assert "Session planned for: 2026-12-03" in result.stdout


@pytest.mark.parametrize("ref", ["jane.doe@example.org", "06 12 34 56 78", "FS\x1b[2J117", "FS\u202e711"])
def test_an_identifying_or_unsafe_case_reference_is_refused_before_anything_is_written(run: RunCli, tmp_path: Path, ref: str) -> None:
    target = tmp_path / "note.md"
    result = run("decide", "--answers", GOLDEN_DIR / "decide-digital.yaml", "--no-input", "--output", target, "--case-ref", ref)
    assert result.exit_code == 2
    assert "case reference" in result.stderr.lower()
    assert not target.exists()


def test_a_session_date_that_is_not_a_date_is_refused(run: RunCli) -> None:
    result = run("decide", "--answers", GOLDEN_DIR / "decide-digital.yaml", "--no-input", "--output", "-", "--session-date", "next tuesday")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr
    assert result.stdout == ""


# --- Markdown that renders right ------------------------------------------------------------------


def test_the_case_note_s_structure(measured: dict[str, list[tuple[str, Result, str]]]) -> None:
    for name, _, note in measured["decide"]:
        tokens = md_tokens(note)
        headings = [t.tag for t in tokens if t.type == "heading_open"]
        assert headings.count("h1") == 1, name
        assert set(headings) <= {"h1", "h2"}, name
        assert any(t.type == "bullet_list_open" for t in tokens), name
        codes = [t.content for t in tokens if t.type == "code_inline"]
        assert "famsupport reflect --after" in codes, name  # the content's code span renders as code


def test_content_code_spans_render_as_code_not_escaped(run: RunCli) -> None:
    result = run("reflect", "--answers", GOLDEN_DIR / "reflect-digital-session.yaml", "--no-input", "--output", "-", "--detail", "full")
    assert "\\`famsupport recommendations\\`" not in result.stdout
    codes = [t.content for t in md_tokens(result.stdout) if t.type == "code_inline"]
    assert "famsupport recommendations" in codes


@pytest.mark.parametrize("detail", ["note", "full"])
def test_practitioner_text_stays_literal(run: RunCli, write_answers: WriteAnswers, detail: str) -> None:
    typed = "Not *bold*, # not a heading, [x](http://y) not a link, `not code`"
    answers = write_answers({**load_golden("decide-digital.yaml"), "notes": typed})
    result = run("decide", "--answers", answers, "--no-input", "--output", "-", "--detail", detail)
    tokens = md_tokens(result.stdout)
    texts = " ".join(t.content for t in tokens if t.type == "text")
    assert typed in texts
    assert not any(t.type == "link_open" and t.attrGet("href") == "http://y" for t in tokens)
    assert "not code" not in [t.content for t in tokens if t.type == "code_inline"]


@pytest.mark.parametrize("output_format", ["markdown", "json"])
def test_control_characters_typed_into_free_text_are_never_written(run: RunCli, write_answers: WriteAnswers, output_format: str) -> None:
    typed = "before\x00 \x1b]52;c;aGk=\x07 \x1b[31mred\u202e reversed\u2066 after"
    answers = write_answers({**load_golden("decide-digital.yaml"), "notes": typed}, "answers.json")
    result = run("decide", "--answers", answers, "--no-input", "--output", "-", "--format", output_format)
    assert result.exit_code == 0, result.stderr
    for char in ("\x00", "\x1b", "\x07", "\u202e", "\u2066", "\\u001b", "\\u202e"):
        assert char not in result.stdout
    assert "before" in result.stdout and "after" in result.stdout
    assert "left out of the document" in " ".join(result.stderr.split())


# --- JSON stays complete --------------------------------------------------------------------------


def test_json_holds_everything_the_full_sheet_holds_and_the_new_fields(run: RunCli) -> None:
    args = ["decide", "--answers", CASES_DIR / "decide-everything-open.yaml", "--no-input", "--output", "-"]
    data = json.loads(run(*args, "--format", "json", "--case-ref", "FS-1", "--session-date", "2026-12-03").stdout)
    for key in ("recommendation", "final_format", "reasons", "safeguarding", "agreements", "checks", "wellbeing", "answers", "sources"):
        assert data[key], key
    assert {r["kind"] for r in data["reasons"]} >= {"fails", "unsure"}
    assert all(item["why"] and item["sources"] for item in data["agreements"])
    assert "how_you_feel" in data["answers"]
    assert (data["case_ref"], data["session_date"], data["options"][:1]) == ("FS-1", "2026-12-03", ["answers"])
    assert "detail" not in data  # the data is always complete
    digital = json.loads(
        run("decide", "--answers", GOLDEN_DIR / "decide-digital.yaml", "--no-input", "--output", "-", "--format", "json").stdout
    )
    cameras = next(item for item in digital["agreements"] if item["rule"] == "agree_cameras")
    assert cameras["settled"] == [{"question": "cameras", "value": "both-on"}]


def test_a_red_flag_that_names_its_format_decides_it_rather_than_speaking_against_online(
    measured: dict[str, list[tuple[str, Result, str]]],
) -> None:
    """Meeting is impossible and the worry acute: the note must not say 'speaks against going online' above 'contact them now online'."""
    bundle = load_bundle()
    [(_, result, note)] = [case for case in measured["decide"] if case[0] == "decide-father-abroad-acute.yaml"]
    assert result.verdict is not None and result.verdict.recommended == "digital"
    assert f"**{bundle.ui.reason_red_flag_own_outcome}.**" in note
    assert bundle.ui.reason_red_flag not in note


def test_json_asked_for_as_a_note_says_it_is_the_whole_sheet(run: RunCli) -> None:
    args = ["decide", "--answers", GOLDEN_DIR / "decide-digital.yaml", "--no-input", "--output", "-", "--format", "json"]
    asked = run(*args, "--detail", "note")
    assert asked.exit_code == 0
    assert "wellbeing included" in asked.stderr and "not a case note" in asked.stderr
    assert json.loads(asked.stdout)["wellbeing"] is not None  # the data stays whole, as the README says
    assert "wellbeing included" not in run(*args).stderr  # the default detail is no request for a note
    assert "wellbeing included" not in run(*args, "--detail", "full").stderr
    german = run(*args, "--detail", "note", "--lang", "de")
    assert "gehört nicht in die Fallakte" in german.stderr
    reflect = ["reflect", "--answers", GOLDEN_DIR / "reflect-digital-session.yaml", "--no-input", "--output", "-", "--format", "json"]
    assert "case note" not in run(*reflect, "--detail", "note").stderr  # reflect has no case note to mistake it for


@pytest.mark.parametrize("command", ["decide", "reflect"])
@pytest.mark.parametrize("detail", ["note", "full"])
def test_no_document_claims_to_hold_no_names_since_free_text_may(run: RunCli, command: str, detail: str) -> None:
    # famsupport asks for no names, but cannot know what a practitioner typed into a note.
    answers = GOLDEN_DIR / ("decide-digital.yaml" if command == "decide" else "reflect-digital-session.yaml")
    for language in ("en", "de", "fr"):
        result = run(command, "--answers", answers, "--no-input", "--output", "-", "--detail", detail, "--lang", language)
        assert result.exit_code == 0, result.stderr
        footer = result.stdout.rstrip().rsplit("\n", 1)[-1]
        for claim in ("holds no names", "Enthält keine Namen", "ne contient aucun nom"):
            assert claim not in footer, (language, footer)
        assert any(said in footer for said in ("asked for no names", "nach keinen Namen gefragt", "n'a demandé aucun nom")), footer


@pytest.mark.parametrize(("command", "label"), [("decide", "Private preparation sheet"), ("reflect", "Private reflection")])
def test_the_full_sheet_says_under_its_title_that_it_is_private(run: RunCli, command: str, label: str) -> None:
    answers = GOLDEN_DIR / ("decide-digital.yaml" if command == "decide" else "reflect-digital-session.yaml")
    result = run(command, "--answers", answers, "--no-input", "--output", "-", "--detail", "full")
    assert result.exit_code == 0, result.stderr
    body = result.stdout.split("\n---\n", 1)[1].lstrip().split("\n")
    assert body[0].startswith("# ") and body[2].startswith(f"_{label}") and "not for the case file" in body[2]
