"""German and French: every command that speaks takes --lang, the locale decides by default,
and a missing translation falls back to English item by item, with a note."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import RunCli
from famsupport_cli.checks.content import load_bundle
from famsupport_cli.content.bundle import shipped_content_dir
from helpers import GOLDEN_DIR

DECIDE = str(GOLDEN_DIR / "decide-hybrid-dont-know-privacy.yaml")
REFLECT = str(GOLDEN_DIR / "reflect-digital-session.yaml")


def _invocations(tmp_path: Path) -> dict[str, list[str]]:
    group = tmp_path / "group"
    return {
        "decide": ["decide", "--answers", DECIDE, "--no-input", "--output", "-"],
        "reflect": ["reflect", "--answers", REFLECT, "--no-input", "--output", "-"],
        "template": ["template", "decide"],
        "recommendations": ["recommendations", "--format", "markdown"],
        "history": ["history"],
        "wellbeing": ["wellbeing"],
        "batch": ["batch", "decide", DECIDE, "--output-dir", str(group)],
        "report": ["report", DECIDE],
        "content validate": ["content", "validate"],
        "content show": ["content", "show", "decide", "--format", "markdown"],
        "config show": ["config", "show"],
        "training list": ["training", "list"],
        "training show": ["training", "show", "father-abroad", "--format", "markdown"],
        "training run": ["training", "run", "father-abroad", "--answers", DECIDE, "--no-input"],
    }


COMMANDS = list(_invocations(Path()).keys())


@pytest.mark.parametrize("language", ["de", "fr"])
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_runs_in_german_and_french(command: str, language: str, run: RunCli, tmp_path: Path) -> None:
    result = run(*_invocations(tmp_path)[command], "--lang", language)
    assert result.exit_code in (0, 2 if command == "training run" else 0), result.output  # a run may differ from the reference
    assert "Traceback" not in result.output
    assert "not translated" not in result.stderr  # the shipped translations are complete


@pytest.mark.parametrize(
    ("language", "heading", "english"), [("de", "## Empfehlung", "## Recommendation"), ("fr", "## Recommandation", "## Recommendation\n")]
)
def test_the_summary_is_written_in_the_chosen_language(language: str, heading: str, english: str, run: RunCli) -> None:
    result = run("decide", "--answers", DECIDE, "--no-input", "--output", "-", "--lang", language, "--detail", "full")
    assert heading in result.stdout
    assert english not in result.stdout
    bundle = load_bundle(language=language)
    assert bundle.checklist("decide").title in result.stdout
    assert f"language: {language}" in result.stdout  # recorded in the front matter


_TEN = "[" + ", ".join(["x"] * 10) + "]"
_LAUGHS = "a0: &a0 " + _TEN + "\n" + "".join(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 7))


@pytest.mark.parametrize(
    ("text", "german"),
    [
        ("a: 1\na: 2\n", ":2:1: Das ist kein gültiges YAML: der Schlüssel 'a' kommt zweimal vor (zuerst in Zeile 1)."),
        ("a: !!int zz\n", ":1:4: Das ist kein gültiges YAML: 'zz' ist keine ganze Zahl."),
        ("a: &x [*x]\n", ": Das ist kein gültiges YAML: es ist zu tief verschachtelt, um gelesen zu werden."),
        (_LAUGHS, ": Das ist kein gültiges YAML: es hat mehr als 200.000 Werte, wenn die Aliasse aufgelöst sind."),
    ],
    ids=["key-twice", "not-a-whole-number", "alias-in-itself", "billion-laughs"],
)
def test_what_famsupport_finds_wrong_in_a_yaml_file_is_said_in_the_practitioners_language(
    text: str, german: str, run: RunCli, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(text)
    result = run("decide", "--answers", answers, "--no-input", "--output", "-", "--lang", "de")
    assert result.exit_code == 2
    error, hint = result.stderr.splitlines()
    assert error == f"Fehler: {answers}{german}"
    assert hint.startswith("Hinweis: ")
    assert ("rund um diese Zeile" in hint) == (":1:" in german or ":2:" in german)  # a hint about a line only where there is one


def test_the_locale_chooses_the_language_and_falls_back_to_english(run: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "fr_BE.UTF-8")
    assert "## Recommandation" in run("decide", "--answers", DECIDE, "--no-input", "--output", "-", "--detail", "full").stdout
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")  # no Dutch translation: English, silently
    result = run("decide", "--answers", DECIDE, "--no-input", "--output", "-", "--detail", "full")
    assert "## Recommendation" in result.stdout
    assert result.stderr == ""


def test_an_unknown_language_is_refused_with_the_choices(run: RunCli) -> None:
    result = run("template", "decide", "--lang", "xx")
    assert result.exit_code == 2
    assert "de, en, fr" in result.stderr


@pytest.fixture
def pack_with_a_partial_translation(tmp_path: Path) -> Path:
    """A pack adding one agreement, translated into German without its `because`."""
    pack = tmp_path / "pack"
    (pack / "checklists").mkdir(parents=True)
    (pack / "i18n" / "de" / "checklists").mkdir(parents=True)
    (pack / "sources.yaml").write_text("sources:\n  - {id: our-policy, kind: organisation, title: Our policy}\n")
    (pack / "checklists" / "decide.yaml").write_text(
        "rules:\n  - id: our_rule\n    add_to: agreements\n    title: Our own agreement\n"
        "    text: Say it plainly.\n    because: Our policy says so.\n    sources: [our-policy]\n"
    )
    (pack / "i18n" / "de" / "checklists" / "decide.yaml").write_text(
        "rules:\n  - id: our_rule\n    title: Unsere eigene Vereinbarung\n    text: Sagen Sie es klar.\n"
    )
    return pack


def test_a_missing_translation_falls_back_to_english_item_by_item(pack_with_a_partial_translation: Path, run: RunCli) -> None:
    pack = pack_with_a_partial_translation
    result = run("decide", "--answers", DECIDE, "--no-input", "--output", "-", "--lang", "de", "--content", str(pack), "--detail", "full")
    assert result.exit_code == 0, result.output
    assert "Unsere eigene Vereinbarung" in result.stdout  # translated
    assert "Our policy says so." in result.stdout  # not translated: shown in English
    assert "Hinweis: 1 Text ist nicht ins „de“ übersetzt" in result.stderr  # the note itself is in the chosen language


def test_validate_names_each_missing_translation(pack_with_a_partial_translation: Path, run: RunCli) -> None:
    result = run("content", "validate", str(pack_with_a_partial_translation), "--lang", "de", "--format", "json")
    assert result.exit_code == 0  # warnings only
    report = json.loads(result.stdout)
    missing = [p for p in report["problems"] if "not translated" in p["message"]]
    assert [p["item"] for p in missing] == ["rules[our_rule].because"]


def test_a_translation_cannot_change_ids_or_rules(tmp_path: Path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(shipped_content_dir(), copy)
    german = copy / "i18n" / "de" / "checklists" / "decide.yaml"
    german.write_text(german.read_text() + "\nrequired_extra: true\n")
    (copy / "i18n" / "de" / "ui.yaml").write_text((copy / "i18n" / "de" / "ui.yaml").read_text())
    from famsupport_cli.checks.content import check_content

    bundle, problems = check_content(copy, language="de")
    assert bundle is not None  # a warning, not an error: the translation is ignored there
    assert any("is not a text to translate" in p.message and p.item == "required_extra" for p in problems)


def test_a_plural_text_left_in_english_keeps_the_english_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """French counts 0 as singular; an English text shown in a French run still says "0 answers"."""
    copy = tmp_path / "content"
    shutil.copytree(shipped_content_dir(), copy)
    french = copy / "i18n" / "fr" / "ui.yaml"
    rows = french.read_text(encoding="utf-8").splitlines()
    start = rows.index("draft_resumed:")
    french.write_text("\n".join(rows[:start] + rows[start + 3 :]) + "\n", encoding="utf-8")
    monkeypatch.setattr("famsupport_cli.content.loader.shipped_content_dir", lambda: copy)
    ui = load_bundle(language="fr").ui
    assert ui.draft_resumed.format(saved="2026-11-21", count=0) == "Continuing the draft from 2026-11-21: 0 answers are filled in."
    assert ui.draft_exists.format(saved="2026-11-21", count=0, command="x").startswith(
        "Vous avez un brouillon de ce questionnaire datant du 2026-11-21 (0 réponse)"
    )
