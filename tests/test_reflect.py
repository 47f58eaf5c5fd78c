"""The reflect checklist: which recommendations its answers surface, the format questions, --after, and the catalogue."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from conftest import RunCli, WriteAnswers
from famsupport_cli.content.loader import Bundle
from famsupport_cli.content.models import Checklist
from famsupport_cli.core.engine import Finding, Result, evaluate
from famsupport_cli.core.walk import NoInputAsker, Step, WalkOutcome, walk
from helpers import GOLDEN_DIR, coerced_answers, load_golden, md_tokens

# An in-person follow-up where nothing calls for a particular recommendation.
BASE: dict[str, Any] = {**load_golden("reflect-no-peer-space.yaml"), "peer_space": "yes"}

FORMAT_QUESTIONS = ["format_effect_on_trust", "reading_the_person", "format_missed_gained"]

# For each catalogue recommendation: every single change that should surface it.
TRIGGERS: dict[str, list[dict[str, Any]]] = {
    "stay-open-minded": [
        {"biases_noticed": ["confirmation-bias"]},
        {"biases_noticed": ["stereotyping"]},
        {"open_mindedness": 2},
        # The worldview answers reach the personal level too.
        {"background_coloured": ["religion-or-belief"]},
        {"background_coloured": ["own-family-life", "politics"]},
        {"group_view_influence": 4},
    ],
    "empathy-is-not-sympathy": [{"biases_noticed": ["sympathy-for-views"]}, {"biases_noticed": ["antipathy-to-views"]}],
    "be-authentic-and-clear-about-your-role": [
        {"role_transparency": "no"},
        {"role_transparency": "dont-know"},
        {"seen_as": ["authority"]},
        {"seen_as": ["helper", "security-system"]},
    ],
    "build-a-two-way-relationship": [
        {"contact_type": "first"},
        {"seen_as": ["outsider"]},
        {"session_overall": 2},
        # A screen that made trust or reading the person much harder is never "nothing came up".
        {"session_format": "digital", "format_effect_on_trust": 2, "reading_the_person": 2},
        {"session_format": "hybrid", "format_effect_on_trust": 1, "reading_the_person": 1},
    ],
    "trust-when-families-feel-watched": [{"feels_watched": "yes"}, {"seen_as": ["security-system"]}, {"seen_as": ["authority"]}],
    "safe-space-to-discuss-cases": [{"peer_space": "no"}],
    "room-for-mistakes-and-measured-risk": [{"biases_noticed": ["fear-driven-caution"]}, {"session_overall": 1}],
    "protect-practitioner-safety-and-resilience": [{"org_support": 2}, {"contact_type": "crisis", "safeguarding_action": "no"}],
    "mind-the-public-discourse": [{"public_discourse": "yes"}],
    "know-your-role-at-macro-level": [{"group_view_influence": 4}, {"seen_as": ["security-system"]}],
    "mind-your-media-presence": [{"media_visible": "yes"}, {"media_visible": "dont-know"}],
}
# Follow-up questions a change makes required: answered in a trigger, but not its evidence.
FOLLOW_UPS = {"safeguarding_action"}


class RecordingAsker(NoInputAsker):
    """The scripted asker, noting every question the walk puts to it."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def ask(self, step: Step) -> Any:
        self.asked.append(step.question.id)
        return super().ask(step)


def _checklist(bundle: Bundle) -> Checklist:
    return bundle.checklists["reflect"]


def walk_reflect(bundle: Bundle, changes: Mapping[str, Any] | None = None) -> tuple[WalkOutcome, RecordingAsker]:
    checklist = _checklist(bundle)
    asker = RecordingAsker()
    outcome = walk(checklist, coerced_answers(checklist, {**BASE, **(changes or {})}), asker, lambda a: evaluate(bundle, checklist, a))
    return outcome, asker


def reflect(bundle: Bundle, changes: Mapping[str, Any] | None = None) -> Result:
    outcome, _ = walk_reflect(bundle, changes)
    assert outcome.missing == [], [question.id for question in outcome.missing]
    return evaluate(bundle, _checklist(bundle), outcome.answers)


def surfaced(result: Result) -> dict[str, Finding]:
    return {finding.recommendation.id: finding for finding in result.findings["recommendations"] if finding.recommendation}


def rule_ids(result: Result, list_id: str) -> list[str]:
    return [finding.rule_id for finding in result.findings[list_id]]


# --- selection rules, pure ---------------------------------------------------------------------


def test_baseline_surfaces_no_recommendation(bundle: Bundle) -> None:
    result = reflect(bundle)
    assert result.verdict is None
    assert surfaced(result) == {}
    # A concrete next step is always suggested, and with no bias noticed, a question about blind spots.
    assert rule_ids(result, "next_steps") == ["next-one-thing-differently"]
    assert rule_ids(result, "supervision") == ["sup-nothing-noticed"]


def test_every_catalogue_recommendation_has_a_trigger(bundle: Bundle) -> None:
    assert set(TRIGGERS) == {item.id for item in bundle.recommendations.recommendations}


@pytest.mark.parametrize(
    ("recommendation_id", "changes"),
    [(rec, changes) for rec, variants in TRIGGERS.items() for changes in variants],
    ids=[f"{rec}-{'+'.join(f'{k}={v}' for k, v in changes.items())}" for rec, variants in TRIGGERS.items() for changes in variants],
)
def test_each_trigger_surfaces_its_recommendation(recommendation_id: str, changes: dict[str, Any], bundle: Bundle) -> None:
    result = reflect(bundle, changes)
    found = surfaced(result)
    assert recommendation_id in found, sorted(found)
    finding = found[recommendation_id]
    rule = next(r for r in _checklist(bundle).rules if r.recommendation == recommendation_id)
    catalogue = next(item for item in bundle.recommendations.recommendations if item.id == recommendation_id)
    assert finding.because == rule.because
    assert finding.title == catalogue.title
    assert finding.text == catalogue.explanation
    # The `why` cites the answer that was changed, with its value.
    cited = {answer.question_id: answer.value for answer in finding.answers}
    for question_id in set(changes) - FOLLOW_UPS:
        assert question_id in cited, (question_id, cited)
        assert cited[question_id] == result.answers[question_id]


@pytest.mark.parametrize(
    ("question_id", "below", "at"),
    [("group_view_influence", 3, 4), ("org_support", 3, 2), ("open_mindedness", 3, 2), ("session_overall", 3, 2)],
)
def test_scale_thresholds(question_id: str, below: int, at: int, bundle: Bundle) -> None:
    assert surfaced(reflect(bundle, {question_id: below})) == {}
    assert surfaced(reflect(bundle, {question_id: at})) != {}


def test_no_peer_space(bundle: Bundle) -> None:
    result = reflect(bundle, {"peer_space": "no"})
    assert list(surfaced(result)) == ["safe-space-to-discuss-cases"]
    finding = surfaced(result)["safe-space-to-discuss-cases"]
    assert [(a.question_id, a.value) for a in finding.answers] == [("peer_space", "no")]
    assert "sup-support-i-need" in rule_ids(result, "supervision")


def test_seen_as_part_of_the_security_system(bundle: Bundle) -> None:
    result = reflect(bundle, {"seen_as": ["helper", "security-system"]})
    assert set(surfaced(result)) == {
        "be-authentic-and-clear-about-your-role",
        "trust-when-families-feel-watched",
        "know-your-role-at-macro-level",
    }
    assert "sup-how-they-see-me" in rule_ids(result, "supervision")


def test_a_bias_noticed_leads_to_supervision_questions(bundle: Bundle) -> None:
    result = reflect(bundle, {"biases_noticed": ["gut-feeling-as-fact"]})
    assert "sup-what-the-bias-did" in rule_ids(result, "supervision")
    assert "sup-what-is-my-judgement-based-on" in rule_ids(result, "supervision")
    assert "sup-nothing-noticed" not in rule_ids(result, "supervision")


# --- the format questions ------------------------------------------------------------------------


def test_in_person_session_asks_no_format_questions(bundle: Bundle) -> None:
    outcome, asker = walk_reflect(bundle, {"session_format": "in-person"})
    assert outcome.missing == []
    assert not set(FORMAT_QUESTIONS) & set(asker.asked)
    assert not set(FORMAT_QUESTIONS) & set(outcome.answers)


def test_format_answers_are_dropped_for_an_in_person_session(bundle: Bundle) -> None:
    outcome, _ = walk_reflect(bundle, {"session_format": "in-person", "format_effect_on_trust": 1, "reading_the_person": 1})
    assert not set(FORMAT_QUESTIONS) & set(outcome.answers)
    result = evaluate(bundle, _checklist(bundle), outcome.answers)
    assert "next-check-in-about-format" not in rule_ids(result, "next_steps")


@pytest.mark.parametrize("session_format", ["hybrid", "digital"])
def test_hybrid_or_digital_session_requires_the_format_questions(session_format: str, bundle: Bundle) -> None:
    outcome, asker = walk_reflect(bundle, {"session_format": session_format})
    assert set(FORMAT_QUESTIONS) <= set(asker.asked)
    required = [q.id for q in _checklist(bundle).questions() if q.id in FORMAT_QUESTIONS and q.required]
    assert required == ["format_effect_on_trust", "reading_the_person"]
    assert [question.id for question in outcome.missing] == required


@pytest.mark.parametrize(("answer", "step"), [("open", True), ("dont-know", True), ("done", False), ("no", False)])
def test_a_crisis_contact_asks_about_safeguarding_and_an_open_step_becomes_a_next_step(answer: str, step: bool, bundle: Bundle) -> None:
    outcome, _ = walk_reflect(bundle, {"contact_type": "crisis"})
    assert [question.id for question in outcome.missing] == ["safeguarding_action"]
    assert "safeguarding_action" not in reflect(bundle).answers, "asked only after a crisis contact"
    result = reflect(bundle, {"contact_type": "crisis", "safeguarding_action": answer})
    assert ("next-safeguarding" in rule_ids(result, "next_steps")) is step
    if step:
        finding = next(f for f in result.findings["next_steps"] if f.rule_id == "next-safeguarding")
        assert [(a.question_id, a.value) for a in finding.answers] == [("safeguarding_action", answer)]


def test_a_hard_screen_surfaces_a_personal_recommendation_never_nothing(bundle: Bundle) -> None:
    result = reflect(bundle, {"session_format": "digital", "format_effect_on_trust": 1, "reading_the_person": 1})
    levels = {finding.recommendation.level for finding in surfaced(result).values() if finding.recommendation}
    assert "personal" in levels
    easy = reflect(bundle, {"session_format": "digital", "format_effect_on_trust": 4, "reading_the_person": 4})
    assert surfaced(easy) == {}


def test_worldview_answers_surface_a_personal_and_not_only_a_macro_recommendation(bundle: Bundle) -> None:
    result = reflect(bundle, {"background_coloured": ["politics"], "group_view_influence": 5})
    levels = {finding.recommendation.level for finding in surfaced(result).values() if finding.recommendation}
    assert {"personal", "macro"} <= levels


@pytest.mark.parametrize("session_format", ["hybrid", "digital"])
def test_check_in_about_the_format_when_it_made_trust_harder(session_format: str, bundle: Bundle) -> None:
    hard = reflect(bundle, {"session_format": session_format, "format_effect_on_trust": 2, "reading_the_person": 4})
    assert "next-check-in-about-format" in rule_ids(hard, "next_steps")
    fine = reflect(bundle, {"session_format": session_format, "format_effect_on_trust": 3, "reading_the_person": 3})
    assert "next-check-in-about-format" not in rule_ids(fine, "next_steps")


# --- --after SUMMARY -------------------------------------------------------------------------------


FORMAT_ANSWERS = {"format_effect_on_trust": 3, "reading_the_person": 4}


def _reflect_answers(**extra: Any) -> dict[str, Any]:
    answers = {key: value for key, value in BASE.items() if key != "session_format"}
    return {**answers, **extra}


def _decide_to(run: RunCli, tmp_path: Path, golden: str, name: str, *extra: str) -> Path:
    target = tmp_path / name
    result = run("decide", "--answers", GOLDEN_DIR / golden, "--no-input", "--output", target, *extra)
    assert result.exit_code == 0, result.stderr
    return target


def test_after_fills_in_the_session_format(run: RunCli, write_answers: WriteAnswers, tmp_path: Path) -> None:
    summary = _decide_to(run, tmp_path, "decide-digital.yaml", "decide.md")
    answers = write_answers(_reflect_answers(**FORMAT_ANSWERS))
    result = run("reflect", "--answers", answers, "--after", summary, "--no-input", "--output", "-", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["answers"]["session_format"] == "digital"
    assert data["answers"]["format_effect_on_trust"] == 3


def test_after_a_digital_decision_the_format_questions_are_required(run: RunCli, write_answers: WriteAnswers, tmp_path: Path) -> None:
    summary = _decide_to(run, tmp_path, "decide-digital.yaml", "decide.md")
    answers = write_answers(_reflect_answers())
    result = run("reflect", "--answers", answers, "--after", summary, "--no-input", "--output", "-")
    assert result.exit_code == 2
    assert "format_effect_on_trust" in result.stderr
    assert "reading_the_person" in result.stderr


def test_after_uses_the_final_format_of_an_override(run: RunCli, write_answers: WriteAnswers, tmp_path: Path) -> None:
    summary = _decide_to(run, tmp_path, "decide-override.yaml", "decide.md")
    answers = write_answers(_reflect_answers())
    result = run("reflect", "--answers", answers, "--after", summary, "--no-input", "--output", "-", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["answers"]["session_format"] == "in-person"


def test_after_accepts_a_json_decide_summary(run: RunCli, write_answers: WriteAnswers, tmp_path: Path) -> None:
    summary = _decide_to(run, tmp_path, "decide-hybrid-first-contact.yaml", "decide.json", "--format", "json")
    answers = write_answers(_reflect_answers(**FORMAT_ANSWERS))
    result = run("reflect", "--answers", answers, "--after", summary, "--no-input", "--output", "-", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["answers"]["session_format"] == "hybrid"


def test_after_never_copies_a_summary_s_own_words_into_the_record(run: RunCli, write_answers: WriteAnswers, tmp_path: Path) -> None:
    # The answers give the format, so the note's was never checked: it reached the record as written.
    planted = tmp_path / "planted.md"
    planted.write_text('---\nfamsupport: 1\nkind: decide\nfinal_format: "Call John Smith 555"\ndate: "Call him soon"\n---\n')
    answers = write_answers(_reflect_answers(session_format="in-person"))
    result = run("reflect", "--answers", answers, "--after", planted, "--no-input", "--output", "-")
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    summary = _decide_to(run, tmp_path, "decide-digital.yaml", "decide.md")
    text = summary.read_text().replace("date: '", "date: 'Call him ", 1)
    summary.write_text(text)
    answers = write_answers(_reflect_answers(**FORMAT_ANSWERS))
    record = run("reflect", "--answers", answers, "--after", summary, "--no-input", "--output", "-")
    assert record.exit_code == 2, record.stdout
    assert "Call him" not in record.stdout and "not a famsupport decide summary" in record.stderr


@pytest.mark.parametrize(
    "text",
    [
        "# My notes\n\nNot a summary at all.\n",
        "---\ntitle: a blog post\n---\n\nHello.\n",
        "preferred_format: digital\n",
    ],
)
def test_after_a_file_that_is_not_a_decide_summary_exits_2(text: str, run: RunCli, write_answers: WriteAnswers, tmp_path: Path) -> None:
    other = tmp_path / "other.md"
    other.write_text(text, encoding="utf-8")
    answers = write_answers(_reflect_answers(session_format="in-person"))
    result = run("reflect", "--answers", answers, "--after", other, "--no-input", "--output", "-")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "other.md" in result.stderr
    assert "not a famsupport decide summary" in result.stderr


def test_after_a_reflect_summary_exits_2(run: RunCli, write_answers: WriteAnswers, tmp_path: Path) -> None:
    reflected = tmp_path / "reflect.md"
    first = run("reflect", "--answers", GOLDEN_DIR / "reflect-no-peer-space.yaml", "--no-input", "--output", reflected)
    assert first.exit_code == 0, first.stderr
    answers = write_answers(_reflect_answers(session_format="in-person"))
    result = run("reflect", "--answers", answers, "--after", reflected, "--no-input", "--output", "-")
    assert result.exit_code == 2
    assert "not a famsupport decide summary" in result.stderr


def test_after_a_missing_file_exits_2(run: RunCli, write_answers: WriteAnswers, tmp_path: Path) -> None:
    answers = write_answers(_reflect_answers(session_format="in-person"))
    result = run("reflect", "--answers", answers, "--after", tmp_path / "gone.md", "--no-input", "--output", "-")
    assert result.exit_code == 2
    assert "gone.md" in result.stderr


# --- famsupport recommendations --------------------------------------------------------------------


def _headings(markdown: str, level: int) -> list[str]:
    tokens = md_tokens(markdown)
    return [tokens[index + 1].content for index, token in enumerate(tokens) if token.type == "heading_open" and token.tag == f"h{level}"]


def test_recommendations_markdown_lists_every_level_and_recommendation(run: RunCli, bundle: Bundle) -> None:
    result = run("recommendations", "--format", "markdown")
    assert result.exit_code == 0
    assert _headings(result.stdout, 1) == [level.title for level in bundle.recommendations.levels]
    catalogue = bundle.recommendations
    by_level = [item.title for level in catalogue.levels for item in catalogue.recommendations if item.level == level.id]
    assert _headings(result.stdout, 2) == by_level
    for item in bundle.recommendations.recommendations:
        assert item.try_[0].split()[0] in result.stdout


def test_recommendations_default_output_is_markdown_when_not_a_terminal(run: RunCli) -> None:
    assert run("recommendations").stdout == run("recommendations", "--format", "markdown").stdout


def test_recommendations_for_one_level(run: RunCli, bundle: Bundle) -> None:
    result = run("recommendations", "--level", "organisational", "--format", "markdown")
    assert result.exit_code == 0
    assert _headings(result.stdout, 1) == ["Organisational level"]
    expected = [item.title for item in bundle.recommendations.recommendations if item.level == "organisational"]
    assert expected
    assert _headings(result.stdout, 2) == expected


def test_recommendations_json(run: RunCli, bundle: Bundle) -> None:
    result = run("recommendations", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [level["id"] for level in data["levels"]] == ["personal", "organisational", "macro"]
    assert [item["id"] for item in data["recommendations"]] == [item.id for item in bundle.recommendations.recommendations]
    for item in data["recommendations"]:
        assert {"id", "level", "title", "explanation", "try", "sources"} <= set(item)
        assert item["try"] and all(isinstance(step, str) for step in item["try"])


def test_recommendations_json_for_one_level(run: RunCli, bundle: Bundle) -> None:
    result = run("recommendations", "--level", "organisational", "--format", "json")
    data = json.loads(result.stdout)
    assert data["recommendations"]
    assert {item["level"] for item in data["recommendations"]} == {"organisational"}
    assert [item["id"] for item in data["recommendations"]] == [
        item.id for item in bundle.recommendations.recommendations if item.level == "organisational"
    ]


def test_recommendations_unknown_level_exits_2(run: RunCli) -> None:
    result = run("recommendations", "--level", "global")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "global" in result.stderr
    for level in ("personal", "organisational", "macro"):
        assert level in result.stderr


def test_an_unfinished_safeguarding_step_is_the_first_next_step(run: RunCli) -> None:
    answers = GOLDEN_DIR / "reflect-digital-session.yaml"
    text = answers.read_text().replace("contact_type: follow-up", "contact_type: crisis\nsafeguarding_action: open")
    assert "safeguarding_action: open" in text
    result = run("reflect", "--answers", "-", "--no-input", "--output", "-", "--format", "json", input=text)
    assert result.exit_code == 0, result.stderr
    assert [step["rule"] for step in json.loads(result.stdout)["next_steps"]][:2] == ["next-safeguarding", "next-one-thing-differently"]
