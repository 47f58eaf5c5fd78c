"""The tool's own messages (content/messages.yaml): every key the code uses exists with the
placeholders the code fills in, every message is used, the translations are complete, and a
user sees errors in the language they chose (or their locale's) from the first message on.
"""

from __future__ import annotations

import ast
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from conftest import RunCli, WriteAnswers
from famsupport_cli import messages
from famsupport_cli.checks.content import load_bundle
from famsupport_cli.content.location import shipped_content_dir
from famsupport_cli.content.messages_file import check_messages
from helpers import load_golden

pytestmark = pytest.mark.timeout(60)

SOURCE = Path(messages.__file__).resolve().parent


def _uses() -> Iterator[tuple[str, str, set[str]]]:
    """(where, key, names of the values given) for every Text("key", ...) in the source."""
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Text":
                first = node.args[0] if node.args else None
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), f"{path}:{node.lineno}: a key must be a literal"
                yield f"{path.name}:{node.lineno}", first.value, {keyword.arg for keyword in node.keywords if keyword.arg}


def test_every_message_the_code_uses_exists_with_the_values_it_needs() -> None:
    english = messages.catalogue("en")
    uses = list(_uses())
    assert len(uses) > 100
    for where, key, given in uses:
        assert key in english, f"{where}: no message '{key}' in content/messages.yaml"
        assert messages.placeholders(english[key]) == given, (
            f"{where}: '{key}' fills {sorted(given)}, its text has {sorted(messages.placeholders(english[key]))}"
        )


def test_every_message_is_used() -> None:
    used = {key for _, key, _ in _uses()}
    unused = sorted(set(messages.catalogue("en")) - used)
    assert unused == [], f"messages.yaml holds messages no code shows: {unused}"


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_the_shipped_messages_are_complete_and_well_formed(language: str) -> None:
    assert check_messages(language) == []


def test_plural_forms_follow_the_language() -> None:
    assert messages.render("answers_problems", {"count": 1}, "en").startswith("1 answer is missing")
    assert messages.render("answers_problems", {"count": 0}, "en").startswith("0 answers are missing")
    french_zero = messages.render("answers_problems", {"count": 0}, "fr")
    french_one = messages.render("answers_problems", {"count": 1}, "fr")
    assert french_zero.replace("0", "1") == french_one  # French counts zero as singular


def test_a_missing_translation_falls_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    german = dict(messages.catalogue("de"))
    german.pop("check_the_path", None)
    monkeypatch.setattr(messages, "catalogue", lambda language: german if language == "de" else CATALOGUE_EN)
    assert messages.render("check_the_path", {}, "de") == "Check the path."


def test_an_unknown_key_is_shown_as_itself_not_as_a_crash() -> None:
    assert messages.render("no-such-message", {"x": 1}, "en") == "no-such-message {'x': 1}"


def test_a_translation_with_a_broken_placeholder_says_it_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = {"path_missing": "Die {was} {path} fehlt."}
    monkeypatch.setattr(messages, "catalogue", lambda language: broken if language == "de" else CATALOGUE_EN)
    assert messages.render("path_missing", {"what": "answers file", "path": "a.yaml"}, "de") == "The answers file a.yaml does not exist."


def test_validate_reports_a_translation_that_drops_a_placeholder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    (content / "i18n" / "de").mkdir(parents=True)
    (content / "messages.yaml").write_text((shipped_content_dir() / "messages.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (content / "i18n" / "de" / "messages.yaml").write_text('path_missing: "Die Datei fehlt."\nsurprise: "Hallo"\n', encoding="utf-8")
    monkeypatch.setattr("famsupport_cli.content.messages_file.shipped_content_dir", lambda: content)
    problems = {(p.item, p.severity): p.message for p in check_messages("de")}
    assert "keep the placeholders" in problems[("path_missing", "error")]
    assert "no such message" in problems[("surprise", "error")]
    assert "not translated into 'de'" in problems[("check_the_path", "warning")]


CATALOGUE_EN = messages.catalogue("en")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "Fehler: "), ("fr", "Erreur\u00a0: ")],
)
def test_errors_come_in_the_chosen_language(run: RunCli, tmp_path: Path, language: str, expected: str) -> None:
    result = run("decide", "--lang", language, "--no-input", "--answers", tmp_path / "missing.yaml", "--output", "-")
    assert result.exit_code == 2
    assert result.stderr.startswith(expected), result.stderr
    assert "missing.yaml" in result.stderr
    assert "does not exist" not in result.stderr


def test_the_locale_chooses_the_language_of_errors_before_any_content_is_read(run: RunCli) -> None:
    result = run("decide", "--lang", "xx", env={"LANG": "de_DE.UTF-8", "LC_ALL": ""})
    assert result.exit_code == 2
    assert result.stderr.startswith("Fehler: ")
    assert "xx" in result.stderr


def test_a_command_without_content_takes_lang_for_its_messages(run: RunCli) -> None:
    result = run("config", "set", "max-sessions-per-day", "99", "--lang", "fr")
    assert result.exit_code == 2
    assert result.stderr.startswith("Erreur\u00a0: ")


def test_the_language_of_one_command_does_not_carry_over_to_the_next(run: RunCli) -> None:
    run("config", "set", "max-sessions-per-day", "99", "--lang", "de")
    result = run("config", "set", "max-sessions-per-day", "99", env={"LANG": "C", "LC_ALL": ""})
    assert result.stderr.startswith("Error: ")


def test_answer_problems_are_explained_in_the_chosen_language(run: RunCli, write_answers: WriteAnswers) -> None:
    answers = load_golden("decide-digital.yaml")
    answers["preferred_format"] = "sometimes"
    result = run("decide", "--lang", "de", "--no-input", "--answers", write_answers(answers), "--output", "-")
    assert result.exit_code == 2
    english = ("is not one of the options", "Allowed:", "answers are missing")
    assert not any(words in result.stderr for words in english), result.stderr
    assert "'sometimes'" in result.stderr


# --- one mechanism for the three catalogues -------------------------------------------------------

CATALOGUES = ["messages.yaml", "ui.yaml", "training.yaml"]
# Texts with a number that no noun depends on ("3 of 7"), and
# validate_summary, whose {errors} and {warnings} are plural messages of their own.
NUMBER_WITHOUT_NOUN = {
    "report_overridden",
    "report_basis",
    "section_progress",
    "scale_value",
    "validate_summary",
}
NUMBERS = {"count", "total", "days", "same", "ok", "errors", "warnings", "summaries", "answers", "participants"}


def _entries(language: str, file: str) -> dict[str, object]:
    root = shipped_content_dir() if language == "en" else shipped_content_dir() / "i18n" / language
    data = yaml.safe_load((root / file).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("file", CATALOGUES)
def test_every_text_with_a_count_has_plural_forms_in_every_language(file: str) -> None:
    """No "1 answers": where a number decides a noun, the text has `one:` and `other:` in en, de and fr."""
    for language in ["en", "de", "fr"]:
        for key, entry in _entries(language, file).items():
            if key in NUMBER_WITHOUT_NOUN or isinstance(entry, dict):
                continue
            numbers = {name for _, name, _, _ in string.Formatter().parse(str(entry)) if name} & NUMBERS
            assert not numbers, f"{language}/{file}: '{key}' has the number {sorted(numbers)} but no plural forms"


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [("en", 1, "1 answer is filled in"), ("en", 0, "0 answers are"), ("de", 1, "1 Antwort ist"), ("fr", 0, "0 réponse est")],
)
def test_interface_words_choose_their_plural_form_by_the_language(language: str, count: int, expected: str) -> None:
    ui = load_bundle(language=language).ui
    assert expected in ui.draft_resumed.format(saved="2026-11-21", count=count)


def test_a_plural_text_may_be_chosen_by_another_number() -> None:
    ui = load_bundle().ui
    assert ui.wellbeing_title.format(days=1) == "Sessions prepared today"
    assert ui.wellbeing_title.format(days=7) == "Sessions prepared in the last 7 days"


def test_one_check_for_every_catalogue() -> None:
    english = messages.Plural(one="{count} answer", other="{count} answers")
    assert messages.entry_problems(messages.Plural(one="{count} Antwort", other="{count} Antworten"), english) == []
    assert "give the same forms" in messages.entry_problems("{count} Antworten", english)[0]
    assert (
        "chosen by {n}"
        in messages.entry_problems(messages.Plural(one="{count} Antwort", other="{count} Antworten", number="n"), english)[0]
    )
    assert "leaves out {count}" in messages.entry_problems("none", "{count} answers")[0]
    assert "unknown placeholder {n}" in messages.entry_problems("{n} answers", "{count} answers")[0]
    assert "broken" in messages.entry_problems("{count answers", "{count} answers")[0]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "larger than 1,048,576 bytes"), ("de", "größer als 1.048.576 Bytes"), ("fr", "dépasse 1\u202f048\u202f576 octets")],
)
def test_quantities_are_grouped_as_their_language_writes_them(language: str, expected: str) -> None:
    assert expected in messages.Text("file_larger_than", limit=messages.Number(1_048_576)).in_language(language)


def test_a_quantity_chooses_the_plural_form_as_a_count_does() -> None:
    assert messages.render("answers_problems", {"count": messages.Number(1)}, "en").startswith("1 answer is missing")
    assert messages.render("answers_problems", {"count": messages.Number(2_000)}, "en").startswith("2,000 answers are missing")


def test_an_answers_file_too_large_says_its_size_in_the_chosen_language(run: RunCli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("note: '" + "x" * 2_100_000 + "'\n", encoding="utf-8")
    result = run("decide", "--no-input", "--answers", str(answers), "--output", "-", "--lang", "de")
    assert result.exit_code == 2
    assert "2.000.000" in result.stderr, result.stderr
    assert "2,000,000" not in result.stderr


def test_a_message_may_hold_another_message_in_the_same_language() -> None:
    summary = messages.Text(
        "validate_summary",
        where="x",
        errors=messages.Text("validate_errors", count=1),
        warnings=messages.Text("validate_warnings", count=0),
        languages="de",
    )
    assert summary.in_language("en") == "x: 1 error, 0 warnings; languages: de."
    assert summary.in_language("fr").startswith("x\u00a0: 1 erreur, 0 avertissement\u00a0;")


def test_content_validate_speaks_one_language_per_line(run: RunCli) -> None:
    """The findings are in English, for content editors; the lines around them are too, whatever --lang checks."""
    for language in ["de", "fr"]:
        result = run("content", "validate", "--lang", language)
        assert result.exit_code == 0, result.stdout
        assert result.stdout == f"shipped content: 0 errors, 0 warnings; languages: {language}.\n"


def test_errors_and_messages_import_nothing_that_leads_back_to_them() -> None:
    """errors.py imports nothing of famsupport's; messages only the paths: no import circle."""
    code = (
        "import sys, famsupport_cli.errors as e; first = {m for m in sys.modules if m.startswith('famsupport_cli.')};"
        "import famsupport_cli.messages; second = {m for m in sys.modules if m.startswith('famsupport_cli.')};"
        "print(sorted(first)); print(sorted(second - first))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=30).stdout.splitlines()
    assert found == [
        "['famsupport_cli.errors']",
        "['famsupport_cli.content', 'famsupport_cli.content.location', 'famsupport_cli.messages']",
    ]
