"""Trainings in German and French: the case vignettes and the words of training, batch and report
are translated, texts only; a missing text falls back to English with a note naming it, and a
translation that changes an answer or a placeholder is refused with its file and line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import RunCli, WriteAnswers
from famsupport_cli.content import yamlfile
from famsupport_cli.content.loader import shipped_content_dir
from helpers import GOLDEN_DIR

SHIPPED = shipped_content_dir()
CASES = sorted(path.stem for path in (SHIPPED / "vignettes").glob("*.yaml"))
LANGUAGES = ["de", "fr"]


def _yaml(path: Path) -> dict[str, Any]:
    data = yamlfile.parse(path.read_text(encoding="utf-8"), path.name).data
    assert isinstance(data, dict)
    return data


def english(case: str) -> dict[str, Any]:
    return _yaml(SHIPPED / "vignettes" / f"{case}.yaml")


def translated(language: str, case: str) -> dict[str, Any]:
    return _yaml(SHIPPED / "i18n" / language / "vignettes" / f"{case}.yaml")


def words(language: str) -> dict[str, Any]:
    return _yaml(SHIPPED / "i18n" / language / "training.yaml")


def line_of(text: str, needle: str) -> int:
    return next(number for number, row in enumerate(text.splitlines(), start=1) if needle in row)


# --- the shipped translations -----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_training_list_shows_the_translated_titles(language: str, run: RunCli) -> None:
    result = run("training", "list", "--lang", language, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert sorted(rows) == CASES
    for case in CASES:
        assert rows[case]["title"] == translated(language, case)["title"] != english(case)["title"]
        assert rows[case]["summary"] == translated(language, case)["summary"] != english(case)["summary"]
    assert "not translated" not in result.stderr


@pytest.mark.parametrize(
    ("language", "title", "label"),
    [
        ("de", "Eine Schwester in der Krise nach einer Durchsuchung durch die Polizei", "Persönlich treffen"),
        ("fr", "Une sœur en crise après une perquisition", "Se rencontrer en présentiel"),
    ],
)
def test_training_list_as_text_is_in_the_chosen_language(language: str, title: str, label: str, run: RunCli) -> None:
    result = run("training", "list", "--lang", language)
    assert result.exit_code == 0, result.stderr
    row = next(row for row in result.stdout.splitlines() if row.startswith("sister-in-crisis "))
    assert title in row and label in row
    assert "A sister in crisis after a police search" not in result.stdout


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", CASES)
def test_the_trainer_handout_is_translated_throughout(case: str, language: str, run: RunCli) -> None:
    result = run("training", "show", case, "--trainer", "--format", "markdown", "--lang", language)
    assert result.exit_code == 0, result.stderr
    page, ours, theirs = result.stdout, translated(language, case), english(case)
    assert f"# {ours['title']}" in page
    assert ours["story"].split("\n")[0] in page and theirs["story"].split("\n")[0] not in page
    assert ours["trainer_notes"].split("\n")[0] in page and theirs["trainer_notes"].split("\n")[0] not in page
    assert len(ours["discussion"]) == len(theirs["discussion"])
    for question, original in zip(ours["discussion"], theirs["discussion"], strict=True):
        assert question in page and original not in page
    for checklist, reference in theirs["reference"].items():
        assert set(ours["reference"][checklist]["why"]) == set(reference["why"]), "every trainer's note is translated"
        for note in reference["why"].values():
            assert note not in page
    for key in ("handout_story", "handout_discussion", "handout_reference", "handout_trainer_notes"):
        assert f"## {words(language)[key]}" in page
    for english_heading in ("## The case", "## Questions for discussion", "## Notes for the debrief", "Reference answers"):
        assert english_heading not in page
    assert "not translated" not in result.stderr


@pytest.mark.parametrize(
    ("language", "title", "note"),
    [
        ("de", "# Ihre Antworten und die Referenz: Eine Schwester in der Krise", "Eine Durchsuchung im Morgengrauen, eine Festnahme"),
        ("fr", "# Vos réponses et la référence\u00a0: Une sœur en crise", "Une perquisition à l'aube, une interpellation"),
    ],
)
def test_training_run_compares_in_the_chosen_language(
    language: str, title: str, note: str, run: RunCli, write_answers: WriteAnswers
) -> None:
    answers = dict(english("sister-in-crisis")["reference"]["decide"]["answers"]) | {"sensitive_topic": "sensitive"}
    result = run("training", "run", "sister-in-crisis", "--answers", write_answers(answers), "--no-input", "--lang", language)
    assert result.exit_code == 0, result.stderr
    assert title in result.stdout
    assert note in result.stdout  # the trainer's note on the answer that differs
    assert words(language)["compare_differences"] in result.stdout
    assert "Where your answers differ" not in result.stdout
    assert "A dawn search" not in result.stdout


@pytest.mark.parametrize(
    ("language", "done", "report_title"),
    [
        ("de", "1 von 1 Zusammenfassung unter", "Auswertung für die Nachbesprechung"),
        ("fr", "1 synthèse sur 1 rédigée", "Rapport de débriefing"),
    ],
)
def test_batch_and_report_speak_the_chosen_language(language: str, done: str, report_title: str, run: RunCli, tmp_path: Path) -> None:
    answers = GOLDEN_DIR / "decide-digital.yaml"
    batch = run("batch", "decide", answers, "--output-dir", tmp_path / "out", "--lang", language)
    assert batch.exit_code == 0, batch.stderr
    assert done in batch.stderr
    report = run("report", answers, "--lang", language)
    assert report.exit_code == 0, report.stderr
    assert report_title in report.stdout
    assert "Debrief report" not in report.stdout


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_validate_finds_the_shipped_training_translations_complete(language: str, run: RunCli) -> None:
    result = run("content", "validate", "--lang", language, "--format", "json")
    assert result.exit_code == 0, result.stdout
    report = json.loads(result.stdout)
    assert (report["errors"], report["warnings"]) == (0, 0), report["problems"]


def test_french_keeps_its_typography() -> None:
    for path in [SHIPPED / "i18n" / "fr" / "training.yaml", *sorted((SHIPPED / "i18n" / "fr" / "vignettes").glob("*.yaml"))]:
        text = "\n".join(row for row in path.read_text(encoding="utf-8").splitlines() if not row.startswith("#"))
        for mark in (" :", " ;", " ?", " !", " »", "« "):
            assert mark not in text, f"{path.name}: '{mark}' needs a no-break space"


# --- falling back to English -----------------------------------------------------------------


@pytest.fixture
def pack_with_a_partly_translated_case(tmp_path: Path) -> Path:
    """A pack adding a case (father-abroad under another id), translated into German by its title only."""
    pack = tmp_path / "pack"
    (pack / "vignettes").mkdir(parents=True)
    (pack / "i18n" / "de" / "vignettes").mkdir(parents=True)
    text = (SHIPPED / "vignettes" / "father-abroad.yaml").read_text(encoding="utf-8")
    (pack / "vignettes" / "our-case.yaml").write_text(text.replace("id: father-abroad", "id: our-case"), encoding="utf-8")
    (pack / "i18n" / "de" / "vignettes" / "our-case.yaml").write_text('title: "Unser eigener Fall"\n', encoding="utf-8")
    return pack


def test_a_case_missing_from_the_translation_is_shown_in_english_with_a_note(pack_with_a_partly_translated_case: Path, run: RunCli) -> None:
    pack = pack_with_a_partly_translated_case
    result = run("training", "show", "our-case", "--trainer", "--format", "markdown", "--lang", "de", "--content", pack)
    assert result.exit_code == 0, result.stderr
    assert "# Unser eigener Fall" in result.stdout  # translated
    assert english("father-abroad")["story"].split("\n")[0] in result.stdout  # not translated: English
    assert "## Der Fall" in result.stdout  # the shipped German words still apply
    notes = [row for row in result.stderr.splitlines() if "nicht ins „de“ übersetzt" in row]
    assert len(notes) == 1, result.stderr
    assert "der Fälle our-case " in notes[0]  # names the case; the shipped cases are complete
    assert "content validate" in notes[0]


def test_validate_lists_each_text_missing_from_a_case_translation(pack_with_a_partly_translated_case: Path, run: RunCli) -> None:
    result = run("content", "validate", pack_with_a_partly_translated_case, "--lang", "de", "--format", "json")
    assert result.exit_code == 0, result.stdout  # warnings only
    missing = [p for p in json.loads(result.stdout)["problems"] if "not translated" in p["message"]]
    assert {p["file"] for p in missing} == {"i18n/de/vignettes/our-case.yaml"}
    items = {p["item"] for p in missing}
    assert {"summary", "story", "discussion", "trainer_notes", "reference.decide.why.interpreter"} <= items
    assert "title" not in items
    assert all(p["severity"] == "warning" for p in missing)


def test_a_training_text_missing_from_the_translation_falls_back_to_english(tmp_path: Path, run: RunCli) -> None:
    copy = tmp_path / "content"
    shutil.copytree(SHIPPED, copy)
    german = copy / "i18n" / "de" / "training.yaml"
    german.write_text("\n".join(row for row in german.read_text(encoding="utf-8").splitlines() if not row.startswith("handout_story:")))
    result = run("training", "show", "father-abroad", "--format", "markdown", "--lang", "de", "--content", copy)
    assert result.exit_code == 0, result.stderr
    assert "## The case" in result.stdout
    assert "## Fragen zur Diskussion" in result.stdout
    assert "1 Text aus training.yaml ist nicht ins „de“ übersetzt" in result.stderr
    validated = run("content", "validate", copy, "--lang", "de", "--format", "json")
    assert [(p["file"], p["item"]) for p in json.loads(validated.stdout)["problems"]] == [("i18n/de/training.yaml", "handout_story")]


# --- what a translation may not change ------------------------------------------------------------


def _pack_translating(tmp_path: Path, relative: str, text: str) -> Path:
    pack = tmp_path / "pack"
    path = pack / "i18n" / "de" / relative
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return pack


@pytest.mark.parametrize(
    ("text", "needle", "message"),
    [
        ('compare_title: "Ihr Vergleich: {titel}"\n', "compare_title", "unknown placeholder {titel}; leaves out {title}"),
        (
            'batch_done:\n  number: ok\n  one: "{ok} Zusammenfassung gespeichert."\n  other: "{ok} Zusammenfassungen gespeichert."\n',
            "other:",
            "leaves out {folder}, {total}",
        ),
        ('batch_done: "{ok} von {total} gespeichert: {folder}"\n', "batch_done", "give its forms `one:` and `other:`"),
        ('report_lists: "{title: wie oft"\n', "report_lists", "unmatched '{'"),
        # A format spec would let a pack pad a text to gigabytes, or fail on a value (ValueError).
        ('compare_title: "Ihr Vergleich: {title:>300000000}"\n', "compare_title", "takes no format or conversion"),
        ('compare_title: "Ihr Vergleich: {title!a}"\n', "compare_title", "takes no format or conversion"),
    ],
)
def test_a_translation_must_keep_the_placeholders(text: str, needle: str, message: str, tmp_path: Path, run: RunCli) -> None:
    body = 'report_date: "Datum"\n' + text
    pack = _pack_translating(tmp_path, "training.yaml", body)
    result = run("training", "list", "--lang", "de", "--content", pack)
    assert result.exit_code == 2
    assert f"{pack}/i18n/de/training.yaml:{line_of(body, needle)}:" in result.stderr
    assert message in result.stderr
    validated = run("content", "validate", pack, "--lang", "de")
    assert validated.exit_code == 2
    assert f"{pack}/i18n/de/training.yaml:{line_of(body, needle)}:" in validated.stdout


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ("reference:\n  decide:\n    answers:\n      video_comfort: 1\n", "video_comfort"),
        ("reference:\n  decide:\n    recommendation: digital\n", "recommendation"),
        ("id: another-case\n", "id:"),
    ],
)
def test_a_case_translation_cannot_change_answers_or_results(change: str, needle: str, tmp_path: Path, run: RunCli) -> None:
    body = 'title: "Ein Vater im Ausland"\n' + change
    pack = _pack_translating(tmp_path, "vignettes/father-abroad.yaml", body)
    result = run("training", "show", "father-abroad", "--lang", "de", "--content", pack)
    assert result.exit_code == 2
    assert f"{pack}/i18n/de/vignettes/father-abroad.yaml:{line_of(body, needle)}:" in result.stderr
    assert "cannot be changed by a translation" in result.stderr
    assert "Traceback" not in result.stderr
    validated = run("content", "validate", pack, "--lang", "de")
    assert validated.exit_code == 2
    assert f"{pack}/i18n/de/vignettes/father-abroad.yaml:{line_of(body, needle)}:" in validated.stdout


def test_a_translated_why_note_on_an_unanswered_question_names_the_translation(tmp_path: Path, run: RunCli) -> None:
    body = "reference:\n  decide:\n    why:\n      no_such_question: Ein Hinweis zu einer Frage, die es nicht gibt.\n"
    pack = _pack_translating(tmp_path, "vignettes/father-abroad.yaml", body)
    result = run("training", "list", "--lang", "de", "--content", pack)
    assert result.exit_code == 2
    assert f"{pack}/i18n/de/vignettes/father-abroad.yaml:4:" in result.stderr
    assert "the note is on a question the reference does not answer" in result.stderr


def test_validate_in_another_language_words_each_finding_wholly_in_english(tmp_path: Path, run: RunCli) -> None:
    """`content validate --lang de` checks the German translation; its findings (for content editors) stay English throughout."""
    pack = tmp_path / "pack"
    (pack / "vignettes").mkdir(parents=True)
    story = (SHIPPED / "vignettes" / "father-abroad.yaml").read_text(encoding="utf-8")
    assert story.count("preferred_format:") == 1
    (pack / "vignettes" / "father-abroad.yaml").write_text(
        "\n".join(row.split(":")[0] + ": sometimes" if row.strip().startswith("preferred_format:") else row for row in story.splitlines()),
        encoding="utf-8",
    )
    result = run("content", "validate", pack, "--lang", "de")
    assert result.exit_code == 2
    finding = next(row for row in result.stdout.splitlines() if "[decide.preferred_format]" in row)
    assert finding.startswith("error: ") and "'sometimes' is not one of the options. Allowed: one of: in-person" in finding, finding
    assert "Fehler" not in result.stdout and "keine" not in result.stdout and "Warnung" not in result.stdout


@pytest.mark.timeout(60)
@pytest.mark.parametrize("footer", ["{version:>300000000}", "{version:zz}", "{version!r}"])
def test_an_interface_text_with_a_format_spec_is_refused_before_anything_is_written(footer: str, tmp_path: Path, run: RunCli) -> None:
    from helpers import GOLDEN_DIR

    pack = _pack_translating(tmp_path, "ui.yaml", f'footer: "{footer} {{content_version}}"\n')
    output = tmp_path / "note.md"
    args = ["--answers", GOLDEN_DIR / "decide-digital.yaml", "--no-input", "--detail", "full", "--output", output]
    result = run("decide", *args, "--lang", "de", "--content", pack)
    assert result.exit_code == 2, result.output
    assert "takes no format or conversion" in result.stderr and "went wrong" not in result.output
    assert not output.exists()
    assert run("content", "validate", pack, "--lang", "de").exit_code == 2
