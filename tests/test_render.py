"""The one sanitiser (render/safe.py): what each mode keeps, shows and leaves out."""

from __future__ import annotations

import json

import pytest

from famsupport_cli.render import safe

HOSTILE = "a\x1b]52;c;eA==\x07b\x9b2J\u202ec\u2066d\x00e\x7ff\x08g"


def test_text_shows_every_control_and_bidi_character_visibly() -> None:
    assert safe.text(HOSTILE) == "a\\x1b]52;c;eA==\\x07b\\x9b2J<U+202E>c<U+2066>d\\x00e\\x7ff\\x08g"


def test_text_keeps_line_breaks_and_tabs_and_shows_a_lone_carriage_return() -> None:
    assert safe.text("one\r\ntwo\tthree\rfour\n") == "one\ntwo\tthree\\rfour\n"


def test_line_shows_line_breaks_and_tabs_too() -> None:
    assert safe.line("file\nname\t.yaml") == "file\\nname\\t.yaml"


def test_stripped_keeps_the_text_as_typed_minus_the_unsafe_characters() -> None:
    assert safe.stripped("Élodie's «notes»\r\nline two\t\x1b[2J\u202e") == "Élodie's «notes»\nline two\t"


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("ESC:\x1b[31mred\x1b[0m end", "ESC:red end"),  # once "ESC:[31mred[0m end"
        ("title\x1b]0;mine\x07 here", "title here"),
        ("clip\x1b]52;c;eA==\x1b\\board", "clipboard"),
        ("csi\x9b2Jsix", "csisix"),
        ("an ESC ]\x1b] left open keeps its text", "an ESC ] left open keeps its text"),
        ("line1\rline2\u2028line3\x85line4", "line1\nline2\nline3\nline4"),  # once "line1line2line3"
        ("zero\u200bwidth\u2060join\ufeff", "zerowidthjoin"),
    ],
)
def test_stripped_removes_whole_escape_sequences_and_keeps_line_breaks_as_breaks(typed: str, written: str) -> None:
    assert safe.stripped(typed) == written


@pytest.mark.parametrize("text", ["Grüße, ça va? 日本 ✓", "a normal sentence (with brackets)", "ZWJ emoji 👩‍👩‍👧 and ZWNJ می‌خواهم"])
def test_ordinary_text_of_any_language_is_untouched(text: str) -> None:
    assert safe.text(text) == safe.line(text) == safe.stripped(text) == text


def test_markup_makes_rich_tags_literal() -> None:
    from rich.console import Console

    console = Console(record=True, width=200, color_system=None)
    console.print(safe.markup("[bold red]x[/bold red] \x1b[31m"))
    assert console.export_text().strip() == "[bold red]x[/bold red] \\x1b[31m"


def test_json_escapes_what_json_dumps_would_leave_raw_and_stays_the_same_data() -> None:
    data = {"note": HOSTILE, "plain": "Grüße"}
    shown = safe.json_text(data)
    assert "\u202e" not in shown and "\x9b" not in shown and "\x7f" not in shown
    assert "Grüße" in shown  # not ASCII-escaped: only the unsafe characters are
    assert json.loads(shown) == data


@pytest.mark.timeout(60)
@pytest.mark.parametrize("plain", [False, True], ids=["drawn", "plain"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_result_joins_a_title_to_its_text_in_the_language_and_never_after_a_question_mark(
    plain: bool, language: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from famsupport_cli.checks.content import load_bundle
    from famsupport_cli.core.engine import evaluate
    from famsupport_cli.io.prompts import show_result
    from famsupport_cli.messages import use_language
    from helpers import load_golden

    monkeypatch.setenv("COLUMNS", "200")  # one line per item: the joins are read, not the wrapping
    use_language(language)
    bundle = load_bundle(language=language)
    checklist = bundle.checklist("reflect")
    result = evaluate(bundle, checklist, load_golden("reflect-worldview.yaml"))
    show_result(result, bundle, plain=plain)
    shown = capsys.readouterr().err
    questions = [finding for findings in result.findings.values() for finding in findings if finding.title.endswith("?")]
    assert questions, "the golden case no longer has a finding whose title is a question"
    for finding in questions:
        assert f"{finding.title} {finding.text[:20]}" in shown
    assert "?:" not in shown and "? :" not in shown and "?\u00a0:" not in shown
    colon = bundle.ui.colon
    assert colon == {"en": ": ", "fr": "\u00a0: "}[language]  # French sets its colon off with a no-break space
    assert f"{bundle.ui.because}{colon}" in shown
