"""The written summary: free text can never change the Markdown's structure, lists render as tasks, privacy warnings."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import RunCli, WriteAnswers
from famsupport_cli.content import yamlfile
from famsupport_cli.content.loader import Bundle
from famsupport_cli.core import casenote, summary, supervision
from famsupport_cli.core.engine import Result, evaluate
from famsupport_cli.core.privacy import looks_identifying
from famsupport_cli.core.walk import NoInputAsker, walk
from helpers import coerced_answers, load_golden, md_tokens

NASTY_LINES = [
    "# heading",
    "<script>alert(1)</script>",
    "[link](http://x)",
    "---",
    "- item",
    "1. first",
    "> quoted",
    "`code`",
    "|a|b|",
    "|-|-|",
    "**bold** and _em_",
    "![image](http://x/i.png)",
    "<http://x/auto>",
    "<b>bold tag</b> <!-- comment -->",
    "===",
    "+ plus",
    "2) second",
    "```",
    "~~~",
    "    indented code",
    "Setext underline follows",
    "---",
    "[ref]: http://x/ref",
    "[ref]",
]
NASTY = "\n".join(NASTY_LINES)
HARMLESS = "\n".join(f"plain words number {index}" for index in range(len(NASTY_LINES)))

# Block and inline structure that free text must never add.
STRUCTURE = [
    "heading_open",
    "link_open",
    "image",
    "html_block",
    "html_inline",
    "bullet_list_open",
    "ordered_list_open",
    "list_item_open",
    "blockquote_open",
    "hr",
    "code_inline",
    "code_block",
    "fence",
    "table_open",
    "strong_open",
    "em_open",
    "paragraph_open",
]

META = summary.Meta(tool_version="0.0.test", language="en", date="2026-11-21T00:00:00+00:00", options=("answers",))
NOTE_META = dataclasses.replace(META, detail="note")


def _evaluate(bundle: Bundle, checklist_id: str, raw: dict[str, Any]) -> Result:
    checklist = bundle.checklists[checklist_id]
    answers = coerced_answers(checklist, raw)
    outcome = walk(checklist, answers, NoInputAsker(), lambda given: evaluate(bundle, checklist, given))
    assert outcome.missing == []
    return evaluate(bundle, checklist, outcome.answers)


def _decide_result(bundle: Bundle, text: str) -> Result:
    raw = {**load_golden("decide-digital.yaml"), "override_format": "hybrid", "override_reason": text, "notes": text}
    return _evaluate(bundle, "decide", raw)


def decide_markdown(bundle: Bundle, text: str) -> str:
    return summary.to_markdown(_decide_result(bundle, text), bundle, META)


def case_note_markdown(bundle: Bundle, text: str) -> str:
    return casenote.case_note(_decide_result(bundle, text), bundle, NOTE_META)


def _reflect_result(bundle: Bundle, text: str) -> Result:
    raw = {
        **load_golden("reflect-digital-session.yaml"),
        "biases_noticed": ["first-impression"],
        "assumptions": text,
        "jump_to_conclusion": text,  # also cited inline, in "Test one assumption"
        "other_perspective": text,
        "format_missed_gained": text,
        "build_trust_next": text,
        "supervision_topic": text,
        "other_notes": text,
    }
    return _evaluate(bundle, "reflect", raw)


def reflect_markdown(bundle: Bundle, text: str) -> str:
    return summary.to_markdown(_reflect_result(bundle, text), bundle, META)


def supervision_markdown(bundle: Bundle, text: str) -> str:
    return supervision.supervision_record(_reflect_result(bundle, text), bundle, NOTE_META)


# Every document the practitioner's text goes into: the full sheets and the short documents.
RENDERERS = {"decide": decide_markdown, "reflect": reflect_markdown, "case-note": case_note_markdown, "supervision": supervision_markdown}


def _structure(markdown: str) -> Counter[str]:
    return Counter(token.type for token in md_tokens(markdown, tables=True) if token.type in STRUCTURE)


def _visible_text(markdown: str) -> str:
    return "\n".join(token.content for token in md_tokens(markdown) if token.type in ("text", "code_inline"))


@pytest.mark.parametrize("checklist_id", list(RENDERERS))
def test_free_text_adds_no_html(checklist_id: str, bundle: Bundle) -> None:
    markdown = RENDERERS[checklist_id](bundle, NASTY)
    types = {token.type for token in md_tokens(markdown, tables=True)}
    assert "html_block" not in types
    assert "html_inline" not in types


@pytest.mark.parametrize("checklist_id", list(RENDERERS))
def test_free_text_adds_no_structure(checklist_id: str, bundle: Bundle) -> None:
    nasty = _structure(RENDERERS[checklist_id](bundle, NASTY))
    harmless = _structure(RENDERERS[checklist_id](bundle, HARMLESS))
    assert nasty == harmless
    assert nasty["heading_open"] > 3  # the comparison is not between two empty documents


@pytest.mark.parametrize("checklist_id", list(RENDERERS))
def test_free_text_adds_no_links(checklist_id: str, bundle: Bundle) -> None:
    markdown = RENDERERS[checklist_id](bundle, NASTY)
    hrefs = [token.attrGet("href") for token in md_tokens(markdown) if token.type == "link_open"]
    hrefs += [token.attrGet("src") for token in md_tokens(markdown) if token.type == "image"]
    assert not [href for href in hrefs if href and str(href).startswith("http://x")]


@pytest.mark.parametrize("checklist_id", list(RENDERERS))
def test_free_text_stays_readable(checklist_id: str, bundle: Bundle) -> None:
    visible = _visible_text(RENDERERS[checklist_id](bundle, NASTY))
    for line in NASTY_LINES:
        assert line.strip() in visible, line


@pytest.mark.parametrize("checklist_id", list(RENDERERS))
def test_paragraphs_in_free_text_show_no_stray_characters(checklist_id: str, bundle: Bundle) -> None:
    text = "First paragraph, about the session.\n\nSecond paragraph.\nA third line."
    visible = _visible_text(RENDERERS[checklist_id](bundle, text))
    for line in ("First paragraph, about the session.", "Second paragraph.", "A third line."):
        assert line in visible
    assert "\\" not in visible, "the reader sees a backslash nobody typed"


@pytest.mark.parametrize("checklist_id", list(RENDERERS))
def test_character_references_in_free_text_are_shown_as_typed(checklist_id: str, bundle: Bundle) -> None:
    text = "Typed literally: &amp; &copy; &#35;1"
    visible = _visible_text(RENDERERS[checklist_id](bundle, text))
    assert text in visible


def test_front_matter_is_unaffected_by_free_text(bundle: Bundle) -> None:
    markdown = decide_markdown(bundle, NASTY)
    head = markdown.split("\n---\n", 1)[0]
    assert "heading" not in head
    assert "notes" not in head


def test_summary_shows_option_labels_not_ids(bundle: Bundle) -> None:
    markdown = decide_markdown(bundle, "fine")
    assert "**Recommended format: Meet online**" in markdown
    assert "**Your choice: Combine in person and online**" in markdown
    assert "The family member's own preference: **Online (video or phone)**" in markdown


def test_sources_are_listed_and_known(bundle: Bundle) -> None:
    result = _evaluate(bundle, "decide", load_golden("decide-digital.yaml"))
    markdown = summary.to_markdown(result, bundle, META)
    section = markdown.split("## Sources drawn on", 1)[1]
    used = result.sources_used()
    assert used
    for source_id in used:
        assert f"- `{source_id}`:" in section
    assert "famsupport-synthesis" in used
    assert bundle.ui.source_kind_synthesis in section


# --- task lists -------------------------------------------------------------------------------------


def test_agreements_and_checks_render_as_task_items(bundle: Bundle) -> None:
    raw = {**load_golden("decide-hybrid-dont-know-privacy.yaml")}
    result = _evaluate(bundle, "decide", raw)
    markdown = summary.to_markdown(result, bundle, META)
    lines = markdown.splitlines()
    assert result.findings["agreements"] and result.findings["checks"]
    for list_id in ("agreements", "checks"):
        for finding in result.findings[list_id]:
            assert f"- [ ] **{summary.md_inline(finding.title)}**" in lines, finding.title
    # Wellbeing notes are notes, not tasks.
    wellbeing = _evaluate(bundle, "decide", {**raw, "sessions_today": 4})
    note = wellbeing.findings["wellbeing"][0]
    assert f"- **{summary.md_inline(note.title)}**" in summary.to_markdown(wellbeing, bundle, META).splitlines()


def test_task_items_are_list_items_in_markdown(bundle: Bundle) -> None:
    result = _evaluate(bundle, "decide", load_golden("decide-digital.yaml"))
    tokens = md_tokens(summary.to_markdown(result, bundle, META))
    task_items = [token for token in tokens if token.type == "inline" and token.content.startswith("[ ] ")]
    assert len(task_items) == len(result.findings["agreements"]) + len(result.findings["checks"])


def test_empty_list_says_so(bundle: Bundle) -> None:
    result = _evaluate(bundle, "decide", load_golden("decide-digital.yaml"))
    markdown = summary.to_markdown(result, bundle, META)
    checks = markdown.split("## To check before and at the start of the session", 1)[1].split("\n## ", 1)[0]
    assert bundle.ui.nothing_in_list.rstrip(".") in checks


def test_reflect_next_steps_are_tasks_and_recommendations_have_steps(bundle: Bundle) -> None:
    result = _evaluate(bundle, "reflect", load_golden("reflect-no-peer-space.yaml"))
    markdown = summary.to_markdown(result, bundle, META)
    assert "- [ ] **Note one thing to do differently**" in markdown.splitlines()
    recommendation = result.findings["recommendations"][0].recommendation
    assert recommendation is not None
    assert f"- **{recommendation.title}**" in markdown.splitlines()
    for step in recommendation.try_:
        assert f"    - {summary.md_inline(step)}" in markdown.splitlines()


# --- JSON keeps the words as typed ----------------------------------------------------------------------


def test_json_keeps_free_text_verbatim(bundle: Bundle) -> None:
    raw = {**load_golden("decide-digital.yaml"), "notes": NASTY}
    data = json.loads(summary.to_json(_evaluate(bundle, "decide", raw), META))
    assert data["answers"]["notes"] == NASTY.strip()


# --- privacy ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "reach her at jane.doe@example.org",
        "j+x@mail.example.co.uk",
        "+44 20 7946 0958",
        "020 7946 0958",
        "020-7946-0958",
        "+31-6-1234-5678",
        "0031 6 12345678",
        "0612345678",
        "(020) 7946 0958",
        "06 12 34 56 78",
        "call him on +49 30 901820 tomorrow",
        "FS-2026-0042, mobile 0151 2345 6789",  # a case number beside a phone number
    ],
)
def test_looks_identifying(text: str) -> None:
    assert looks_identifying(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The mother was worried but open to talking.",
        "3 sessions this week, 2 of them online",
        "scored 4 of 5",
        "room 101 at 14:30",
        "12 34 56",
        "2026-11-21",
        "next session on 2026-11-28 at 10:00",
        "21.11.2026",
        "21/11/2026",
        "between 2025 and 2026",
        "FS-2026-0042",  # case numbers as case systems write them
        "case 2026-0042 and 2026/117",
    ],
)
def test_does_not_look_identifying(text: str) -> None:
    assert not looks_identifying(text)


def test_phone_number_in_free_text_warns_but_succeeds(run: RunCli, write_answers: WriteAnswers, tmp_path: Path) -> None:
    answers = write_answers({**load_golden("decide-digital.yaml"), "notes": "Her mobile is 06 12 34 56 78."})
    target = tmp_path / "summary.md"
    result = run("decide", "--answers", answers, "--no-input", "--output", target)
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stderr.split())  # notes are wrapped to the terminal's width
    assert "'Anything else you want in the summary?' looks as if it holds an e-mail address or a phone number" in said, said
    assert target.is_file()


def test_email_in_reflect_text_warns(run: RunCli, write_answers: WriteAnswers) -> None:
    answers = write_answers({**load_golden("reflect-no-peer-space.yaml"), "other_notes": "Mail me: a.b@example.org"})
    result = run("reflect", "--answers", answers, "--no-input", "--output", "-")
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stderr.split())
    assert "'Anything else you want to note?'" in said  # the question by its words, not its id
    assert "e-mail" in said


def test_ordinary_free_text_gives_no_warning(run: RunCli, write_answers: WriteAnswers) -> None:
    answers = write_answers({**load_golden("decide-digital.yaml"), "notes": "Went well; 2 follow-ups planned."})
    result = run("decide", "--answers", answers, "--no-input", "--output", "-")
    assert result.exit_code == 0
    assert result.stderr == ""


_SCALARS = st.one_of(
    st.text(max_size=40),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.sampled_from(["yes", "no", "1.0", "010", "0o7", "1:30", "1e3", "2026-11-21", "~", "null", "a: b", "- x", "'quoted'"]),
)
_VALUES = st.one_of(
    _SCALARS,
    st.lists(_SCALARS, max_size=4),
    st.dictionaries(st.text(min_size=1, max_size=10), st.lists(_SCALARS, max_size=3), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=12), _VALUES, min_size=1, max_size=8))
def test_front_matter_reads_back_as_the_data_in_famsupport_and_in_yaml_1_1_tools(data: dict[str, Any]) -> None:
    text = yamlfile.dump(data)
    assert yamlfile.parse(text, "front matter").data == data
    assert yaml.safe_load(text) == data  # PyYAML's own YAML 1.1 rules: `yes` and `010` stay text there too


def test_front_matter_keeps_str_int_and_bool_apart() -> None:
    texts = [yamlfile.dump({"overridden": value}) for value in (True, "True", 1, "1", False, "yes", "010")]
    assert [yamlfile.parse(text, "x").data["overridden"] for text in texts] == [True, "True", 1, "1", False, "yes", "010"]
