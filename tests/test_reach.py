"""Reachability: conditions no answer can satisfy, questions never asked, rules that never apply.

Unit tests of famsupport_cli.checks.reach, a property test against brute force over the
real answers (the check must never call something unreachable that some answers reach),
and `famsupport content validate DIR` on packs with one unreachable thing each.
"""

from __future__ import annotations

import json
from itertools import combinations, product
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import RunCli
from famsupport_cli.checks.reach import MAX_COMBINATIONS, Space, can_hold, find_unreachable, why
from famsupport_cli.content import models
from famsupport_cli.core.conditions import AnswerValue, holds, referenced_questions

# --- a small checklist to reason about -------------------------------------------------------


def _options(*values: str) -> list[dict[str, str]]:
    return [{"value": value, "label": value.title()} for value in values]


QUESTIONS: list[dict[str, Any]] = [
    {"id": "contact", "type": "single", "options": _options("phone", "visit", "video"), "allow_dont_know": True},
    {"id": "topics", "type": "multiple", "options": _options("family", "school", "faith"), "required": False},
    {"id": "follow_up", "type": "yesno", "when": {"question": "contact", "equals": "visit"}},
    {"id": "comfort", "type": "scale", "min": 1, "max": 4, "allow_dont_know": True},
    {"id": "visits", "type": "number", "min": 0, "max": 6, "when": {"question": "comfort", "gte": 2}},
    {"id": "notes", "type": "text", "required": False, "when": {"question": "topics", "includes": "faith"}},
]


def make_checklist(
    questions: list[dict[str, Any]] | None = None,
    rules: list[dict[str, Any]] | None = None,
    decision: dict[str, Any] | None = None,
    facts: list[dict[str, Any]] | None = None,
) -> models.Checklist:
    data: dict[str, Any] = {
        "id": "demo",
        "version": "1",
        "title": "Demo",
        "intro": "Demo",
        "sections": [{"id": "main", "title": "Main", "questions": [_question(q) for q in questions or QUESTIONS]}],
        "lists": [{"id": "notes", "title": "Notes"}],
        "rules": [_rule(rule) for rule in rules or []],
        "facts": [{"sources": ["x"], "prompt": "p", **fact} for fact in facts or []],
    }
    if decision is not None:
        data["decision"] = decision
    return models.Checklist.model_validate(data)


def _question(fields: dict[str, Any]) -> dict[str, Any]:
    return {"prompt": "?", "sources": ["x"], **fields}


def _rule(fields: dict[str, Any]) -> dict[str, Any]:
    return {"add_to": "notes", "title": "T", "text": "T", "because": "B", "sources": ["x"], **fields}


def condition(data: dict[str, Any]) -> models.Condition:
    """A condition as the loader reads it from YAML."""
    return make_checklist(rules=[{"id": "probe", "when": data}]).rules[0].when  # type: ignore[return-value]


SPACE = Space.of(make_checklist())


# --- can a condition hold? ------------------------------------------------------------------------

NEVER = {
    "one value, two ways": {"all": [{"question": "contact", "equals": "phone"}, {"question": "contact", "equals": "visit"}]},
    "in, then another value": {"all": [{"question": "contact", "in": ["phone", "video"]}, {"question": "contact", "equals": "visit"}]},
    "above the scale": {"question": "comfort", "gte": 5},
    "below the scale": {"question": "comfort", "lt": 1},
    "a number out of range": {"question": "visits", "equals": 9},
    "includes on one answer": {"question": "contact", "includes": "phone"},
    "equals on several answers": {"question": "topics", "equals": "family"},
    "a number compared on a choice": {"question": "contact", "gte": 1},
    "not of always": {"not": {"any": [{"question": "contact", "answered": True}, {"question": "contact", "answered": False}]}},
    "a follow-up when it is skipped": {"all": [{"question": "contact", "equals": "phone"}, {"question": "follow_up", "equals": "yes"}]},
    "numbers in an impossible order": {"all": [{"question": "visits", "gt": {"question": "comfort"}}, {"question": "visits", "lte": 1}]},
    "a skipped number": {"all": [{"question": "comfort", "lte": 1}, {"question": "visits", "answered": True}]},
    "any of impossible branches": {"any": [{"question": "comfort", "gte": 5}, {"question": "contact", "includes": "phone"}]},
}

CAN = {
    "any with one impossible branch": {"any": [{"question": "comfort", "gte": 5}, {"question": "comfort", "gte": 4}]},
    "not of a partial condition": {"not": {"question": "contact", "equals": "phone"}},
    "not of a skipped question": {"not": {"question": "follow_up", "answered": True}},
    "a follow-up when asked": {"all": [{"question": "contact", "equals": "visit"}, {"question": "follow_up", "equals": "yes"}]},
    "the edge of the scale": {"question": "comfort", "gte": 4},
    "between two numbers": {"all": [{"question": "visits", "gt": {"question": "comfort"}}, {"question": "visits", "lt": 4}]},
    "a reserved answer": {"question": "contact", "equals": "dont-know"},
    "an unanswered required question": {"question": "contact", "answered": False},
    "an empty list": {
        "all": [{"question": "topics", "answered": True}, {"not": {"question": "topics", "includes_any": ["family", "school", "faith"]}}]
    },
    "half a number": {"all": [{"question": "comfort", "gt": 2.5}, {"question": "comfort", "lt": 3.5}]},
}


@pytest.mark.parametrize("name", list(NEVER))
def test_a_condition_that_no_answers_satisfy_cannot_hold(name: str) -> None:
    assert can_hold(SPACE, [condition(NEVER[name])]) is False


@pytest.mark.parametrize("name", list(CAN))
def test_a_reachable_but_tricky_condition_can_hold(name: str) -> None:
    assert can_hold(SPACE, [condition(CAN[name])]) is True


def test_a_when_sees_answers_to_skipped_questions_too() -> None:
    # A `when` is evaluated on every answer given, so "never asked" does not spread from one `when` to the next.
    follow_up_yes = condition({"question": "follow_up", "equals": "yes"})
    with_phone = condition({"all": [{"question": "contact", "equals": "phone"}, {"question": "follow_up", "equals": "yes"}]})
    assert can_hold(SPACE, [follow_up_yes], skipping=False) is True
    assert can_hold(SPACE, [with_phone], skipping=False) is True
    assert can_hold(SPACE, [with_phone], skipping=True) is False


def test_numbers_compared_with_each_other_may_need_room_between_constants() -> None:
    # Two numbers above the only constant, in order: there must be two values to try above it.
    space = Space.of(make_checklist([{"id": "a", "type": "number"}, {"id": "b", "type": "number"}, {"id": "c", "type": "number"}]))
    ordered = condition(
        {"all": [{"question": "a", "gt": 0}, {"question": "b", "gt": {"question": "a"}}, {"question": "c", "gt": {"question": "b"}}]}
    )
    assert can_hold(space, [ordered]) is True
    squeezed = condition({"all": [{"question": "a", "gt": 0}, {"question": "b", "gt": {"question": "a"}}, {"question": "b", "lt": 2}]})
    assert can_hold(space, [squeezed]) is False


def test_too_many_combinations_are_not_checked() -> None:
    many = [{"id": f"q{n}", "type": "single", "options": _options("a", "b", "c", "d", "e", "f")} for n in range(6)]
    space = Space.of(make_checklist(many))
    tests = [{"question": f"q{n}", "in": ["a", "b", "c", "d", "e", "f"]} for n in range(6)]
    impossible = condition({"all": [*tests, {"question": "contact", "includes": "x"}]})
    assert MAX_COMBINATIONS < 7**6
    assert can_hold(space, [impossible]) is None
    rules = [{"id": "too_big", "when": {"all": [*tests, {"question": "q0", "includes": "a"}]}}]
    assert find_unreachable(make_checklist(many, rules)) == []


# --- what is reported, and why ------------------------------------------------------------------------

REASONS = {
    "one value, two ways": ("'contact' cannot be both 'phone' and 'visit'", ("all", 1)),
    "in, then another value": ("'contact' cannot be both one of 'phone', 'video' and 'visit'", ("all", 1)),
    "above the scale": ("'comfort' is never at least 5, as its answer is a whole number from 1 to 4", ()),
    "a number out of range": ("'visits' is never 9, as its answer is a whole number from 0 to 6", ()),
    "includes on one answer": ("'contact' takes one answer, so `includes` never matches (`equals` would)", ()),
    "equals on several answers": ("'topics' takes several answers, so `equals` never matches (`includes` would)", ()),
    "a number compared on a choice": ("'contact' is not answered with a number, so `gte` never holds", ()),
    "not of always": ("the condition under `not` always holds", ("not",)),
    "a follow-up when it is skipped": ("cannot both hold, because 'follow_up' is not asked then", ("all", 1)),
    "numbers in an impossible order": ("'visits' cannot be both more than 'comfort' and at most 1", ("all", 1)),
    "any of impossible branches": ("none of the `any` branches can hold (the first: 'comfort' is never at least 5", ()),
}


@pytest.mark.parametrize("name", list(REASONS))
def test_the_reason_says_what_is_wrong_and_where(name: str) -> None:
    path, reason = why(SPACE, condition(NEVER[name]))
    expected, expected_path = REASONS[name]
    assert expected in reason
    assert path == expected_path


def test_a_question_whose_when_never_holds_is_never_asked_and_rules_on_it_never_apply() -> None:
    questions = [
        *QUESTIONS,
        {
            "id": "ghost",
            "type": "yesno",
            "when": {"all": [{"question": "contact", "equals": "phone"}, {"question": "contact", "equals": "video"}]},
        },
    ]
    rules = [
        {"id": "on_ghost", "when": {"question": "ghost", "equals": "yes"}},
        {"id": "not_ghost", "when": {"not": {"question": "ghost", "equals": "yes"}}},
    ]
    found = find_unreachable(make_checklist(questions, rules))
    assert [(item.kind, item.item) for item in found] == [("question", "ghost"), ("rule", "on_ghost")]
    question, rule = found
    assert question.path == ("sections", 0, "questions", len(QUESTIONS), "when", "all", 1)
    assert question.message == "this question is never asked: 'contact' cannot be both 'phone' and 'video'; check the condition"
    assert rule.path == ("rules", 0, "when")
    assert rule.message == "this rule can never apply: 'ghost' is never asked (its `when` can never hold); check the condition"


def test_red_flags_and_criteria_are_checked_too() -> None:
    decision = {
        "outcomes": [{"value": "in-person", "label": "I", "summary": "I"}, {"value": "digital", "label": "D", "summary": "D"}],
        "red_flag_outcome": "in-person",
        "all_hold_outcome": "digital",
        "mixed_outcome": "in-person",
        "sources": ["x"],
        "red_flags": [
            {"id": "fine_flag", "when": {"question": "comfort", "lte": 1}, "reason": "R", "sources": ["x"]},
            {"id": "dead_flag", "when": {"question": "comfort", "lte": 0}, "reason": "R", "sources": ["x"]},
        ],
        "criteria": [
            {
                "id": "dead_criterion",
                "title": "T",
                "holds": {"question": "topics", "in": ["family"]},
                "unsure": {"question": "visits", "gt": 6},
                "reason_holds": "H",
                "reason_fails": "F",
                "sources": ["x"],
            }
        ],
    }
    found = find_unreachable(make_checklist(decision=decision))
    assert [(item.item, item.path[-1]) for item in found] == [
        ("dead_flag", "when"),
        ("dead_criterion", "holds"),
        ("dead_criterion", "unsure"),
    ]
    assert found[0].message.startswith("this red flag can never be raised: 'comfort' is never at most 0")
    assert found[1].message.startswith("this criterion can never hold, so 'digital' is never recommended: 'topics' takes several answers")
    assert found[2].message.startswith("this criterion is never unsure: 'visits' is never more than 6")


def test_facts_take_the_values_famsupport_works_out() -> None:
    facts = [{"id": "sessions_prepared_today", "type": "number"}, {"id": "agreed_max_sessions", "type": "number"}]
    rules = [
        {"id": "busy", "when": {"question": "sessions_prepared_today", "gte": {"question": "agreed_max_sessions"}}},
        {"id": "very_busy", "when": {"question": "sessions_prepared_today", "gt": 100}},
        {"id": "negative", "when": {"question": "sessions_prepared_today", "lt": 0}},
        {"id": "huge_maximum", "when": {"question": "agreed_max_sessions", "gt": 20}},
    ]
    found = find_unreachable(make_checklist(rules=rules, facts=facts))
    assert [item.item for item in found] == ["negative", "huge_maximum"]
    assert "'agreed_max_sessions' is never more than 20, as it is a whole number from 1 to 20" in found[1].message


def test_the_shipped_checklists_have_nothing_unreachable(bundle: Any) -> None:
    for checklist in bundle.checklists.values():
        assert find_unreachable(checklist) == [], checklist.id


# --- never a false warning: the check against brute force over the real answers -----------------------

VOCABULARY = ["phone", "visit", "video", "family", "school", "faith", "yes", "no", "dont-know", "not-applicable", "hello"]
REAL_ANSWERS: dict[str, list[AnswerValue | None]] = {
    "contact": ["phone", "visit", "video", "dont-know", None],
    "topics": [*[list(c) for n in range(4) for c in combinations(["family", "school", "faith"], n)], None],
    "follow_up": ["yes", "no", None],
    "comfort": [1, 2, 3, 4, "dont-know", None],
    "visits": [*range(7), None],
    "notes": [*VOCABULARY, "something else", None],
}
QUESTION_IDS = list(REAL_ANSWERS)

_leaf = st.one_of(
    st.builds(lambda q, v: {"question": q, "equals": v}, st.sampled_from(QUESTION_IDS), st.sampled_from([*VOCABULARY, 0, 1, 3, 4, 7])),
    st.builds(
        lambda q, v: {"question": q, "in": v},
        st.sampled_from(QUESTION_IDS),
        st.lists(st.sampled_from([*VOCABULARY, 2, 6]), min_size=1, max_size=3),
    ),
    st.builds(lambda q, v: {"question": q, "includes": v}, st.sampled_from(QUESTION_IDS), st.sampled_from(VOCABULARY)),
    st.builds(
        lambda q, v: {"question": q, "includes_any": v},
        st.sampled_from(QUESTION_IDS),
        st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=2),
    ),
    st.builds(
        lambda q, op, v: {"question": q, op: v},
        st.sampled_from(QUESTION_IDS),
        st.sampled_from(["gte", "lte", "gt", "lt"]),
        st.one_of(
            st.sampled_from([-1, 0, 1, 2.5, 4, 5, 6, 7]), st.builds(lambda q: {"question": q}, st.sampled_from(["comfort", "visits"]))
        ),
    ),
    st.builds(lambda q, v: {"question": q, "answered": v}, st.sampled_from(QUESTION_IDS), st.booleans()),
)
_conditions = st.recursive(
    _leaf,
    lambda inner: st.one_of(
        st.builds(lambda parts: {"all": parts}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda parts: {"any": parts}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda part: {"not": part}, inner),
    ),
    max_leaves=5,
)


def _holds_for_some_answers(data: models.Condition, *, skipping: bool) -> bool:
    """Brute force: every real answer to every question the condition (or a `when` it depends on) looks at."""
    questions = SPACE.questions
    looked_at = referenced_questions(data)
    needed = list(dict.fromkeys([*looked_at, *(q for qid in looked_at if (w := questions[qid].when) for q in referenced_questions(w))]))
    for values in product(*(REAL_ANSWERS[qid] for qid in needed)):
        raw = {qid: value for qid, value in zip(needed, values, strict=True) if value is not None}
        seen = raw
        if skipping:  # as walk.applicable_answers: a question whose `when` fails on the answers given has no answer
            seen = {qid: value for qid, value in raw.items() if (w := questions[qid].when) is None or holds(w, raw)}
        if holds(data, seen):
            return True
    return False


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_conditions, skipping=st.booleans())
def test_the_check_agrees_with_brute_force(data: dict[str, Any], skipping: bool) -> None:
    parsed = condition(data)
    expected = _holds_for_some_answers(parsed, skipping=skipping)
    found = can_hold(SPACE, [parsed], skipping=skipping)
    # Never a false warning; and where it answers, the answer is right.
    assert found in (expected, None), (data, expected, found)
    if found is False:
        path, reason = why(SPACE, parsed, skipping=skipping)
        assert reason
        assert _resolves(data, path), (data, path)


def _resolves(data: Any, path: tuple[str | int, ...]) -> bool:
    """The reported place exists in the condition as written."""
    for key in path:
        in_mapping = isinstance(data, dict) and isinstance(key, str) and key in data
        in_list = isinstance(data, list) and isinstance(key, int) and key < len(data)
        if not (in_mapping or in_list):
            return False
        data = data[key]
    return True


def test_the_brute_force_itself_tells_reachable_from_unreachable() -> None:
    # Guards the property test: its oracle must be able to say both.
    assert _holds_for_some_answers(condition(CAN["a follow-up when asked"]), skipping=True)
    assert not _holds_for_some_answers(condition(NEVER["a follow-up when it is skipped"]), skipping=True)
    assert isinstance(condition(NEVER["above the scale"]), models.Test)
    assert isinstance(condition(NEVER["one value, two ways"]), models.AllOf)


# --- end to end: famsupport content validate DIR ---------------------------------------------------------

PACK_CHECKLIST = """\
id: outreach
version: "1"
title: "Outreach"
intro: "A pack's own checklist."
sections:
  - id: main
    title: "Main"
    questions:
      - id: contact
        type: single
        prompt: "How do you keep in touch?"
        options:
          - {value: phone, label: "Phone"}
          - {value: visit, label: "Visit"}
        sources: [our-policy]
      - id: comfort
        type: scale
        prompt: "How comfortable are they?"
        min: 1
        max: 5
        sources: [our-policy]
      - id: follow_up
        type: yesno
        prompt: "Will you visit again?"
        when: {question: contact, equals: visit}
        sources: [our-policy]
%(questions)s
lists:
  - id: notes
    title: "Notes"
rules:
  - id: fine
    add_to: notes
    title: "Fine"
    text: "A rule that can apply."
    because: "Reachable, if tricky."
    when:
      any:
        - {question: comfort, gte: 6}
        - not: {question: contact, equals: phone}
        - {question: contact, answered: false}
    sources: [our-policy]
%(rules)s
"""
PACK_SOURCES = 'sources:\n  - id: our-policy\n    kind: organisation\n    title: "Our policy"\n'


def _rule_yaml(rule_id: str, when: str, extra: str = "") -> str:
    head = f'  - id: {rule_id}\n    add_to: notes\n    because: "Test."\n    sources: [our-policy]\n'
    body = extra or '    title: "T"\n    text: "T"\n'
    return head + body + f"    when:\n{when}"


# name -> (extra questions, extra rules, the line to blame, the message); every case is one pack.
CASES = {
    "one-question-two-values": (
        "",
        _rule_yaml("both", "      all:\n        - {question: contact, equals: phone}\n        - {question: contact, equals: visit}\n"),
        "        - {question: contact, equals: visit}",
        "[both]: this rule can never apply: 'contact' cannot be both 'phone' and 'visit'; check the condition",
    ),
    "above-the-scale": (
        "",
        _rule_yaml("too_comfortable", "      {question: comfort, gte: 6}\n"),
        "    when:",
        "[too_comfortable]: this rule can never apply: 'comfort' is never at least 6, as its answer is a whole number from 1 to 5",
    ),
    "includes-on-one-answer": (
        "",
        _rule_yaml("phone_among", "      {question: contact, includes: phone}\n"),
        "    when:",
        "[phone_among]: this rule can never apply: 'contact' takes one answer, so `includes` never matches (`equals` would)",
    ),
    "not-of-always": (
        "",
        _rule_yaml(
            "never_either", "      not:\n        any: [{question: contact, answered: true}, {question: contact, answered: false}]\n"
        ),
        "      not:",
        "[never_either]: this rule can never apply: the condition under `not` always holds, so with `not` it never does",
    ),
    "skipped-follow-up": (
        "",
        _rule_yaml(
            "phone_then_visit", '      all:\n        - {question: contact, equals: phone}\n        - {question: follow_up, equals: "yes"}\n'
        ),
        '        - {question: follow_up, equals: "yes"}',
        "[phone_then_visit]: this rule can never apply: 'contact' is 'phone' and 'follow_up' is 'yes' cannot both hold, "
        "because 'follow_up' is not asked then (see its `when`)",
    ),
    "question-never-asked": (
        '      - id: ghost\n        type: text\n        prompt: "Never shown"\n        sources: [our-policy]\n'
        "        when:\n          all:\n            - {question: comfort, lte: 2}\n            - {question: comfort, gte: 4}\n",
        "",
        "            - {question: comfort, gte: 4}",
        "[ghost]: this question is never asked: 'comfort' cannot be both at most 2 and at least 4; check the condition",
    ),
    "rule-on-a-question-never-asked": (
        '      - id: ghost\n        type: text\n        prompt: "Never shown"\n        sources: [our-policy]\n'
        "        when: {question: comfort, gt: 5}\n",
        _rule_yaml("on_ghost", "      {question: ghost, answered: true}\n"),
        "    when:",
        "[on_ghost]: this rule can never apply: 'ghost' is never asked (its `when` can never hold); check the condition",
    ),
}


def _write_pack(root: Path, questions: str, rules: str) -> Path:
    (root / "checklists").mkdir(parents=True)
    (root / "sources.yaml").write_text(PACK_SOURCES, encoding="utf-8")
    text = PACK_CHECKLIST % {"questions": questions.rstrip("\n"), "rules": rules.rstrip("\n")}
    path = root / "checklists" / "outreach.yaml"
    path.write_text(text, encoding="utf-8")
    yaml.safe_load(text)  # the test's own YAML is well formed
    return path


def _line_of(path: Path, line: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    numbers = [n for n, candidate in enumerate(lines, start=1) if candidate == line]
    assert numbers, line
    return numbers[-1]


@pytest.mark.parametrize("name", list(CASES))
def test_validate_reports_each_unreachable_thing_with_file_line_and_reason(name: str, tmp_path: Path, run: RunCli) -> None:
    questions, rules, blamed, message = CASES[name]
    path = _write_pack(tmp_path / "pack", questions, rules)
    line = _line_of(path, blamed)
    result = run("content", "validate", tmp_path / "pack", "--lang", "en")
    assert result.exit_code == 0, result.output  # warnings alone: the pack still works
    item = message.split("]", 1)[0] + "]"
    ours = [text for text in result.stdout.splitlines() if "checklists/outreach.yaml" in text and item in text]
    assert len(ours) == 1, result.stdout
    assert ours[0].startswith(f"warning: {path}:{line}:"), (ours[0], line)
    assert message in ours[0]
    assert "0 errors" in result.stdout


@pytest.mark.parametrize("name", ["one-question-two-values", "question-never-asked"])
def test_validate_json_gives_the_same_warning(name: str, tmp_path: Path, run: RunCli) -> None:
    questions, rules, blamed, message = CASES[name]
    path = _write_pack(tmp_path / "pack", questions, rules)
    result = run("content", "validate", tmp_path / "pack", "--lang", "en", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["errors"] == 0
    item, text = message.split("]: ", 1)
    ours = [p for p in data["problems"] if p["file"] == str(path) and p["item"] == item.lstrip("[")]
    assert len(ours) == 1, ours
    assert (ours[0]["line"], ours[0]["item"], ours[0]["severity"]) == (_line_of(path, blamed), item.lstrip("["), "warning")
    assert isinstance(ours[0]["column"], int)
    assert text in ours[0]["message"]


def test_a_pack_with_only_tricky_but_reachable_conditions_has_no_warning(tmp_path: Path, run: RunCli) -> None:
    tricky = _rule_yaml(
        "visit_again", '      all:\n        - {question: contact, equals: visit}\n        - {question: follow_up, equals: "yes"}\n'
    )
    _write_pack(tmp_path / "pack", "", tricky)
    result = run("content", "validate", tmp_path / "pack", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.stdout, result.stdout


def test_a_recommendation_only_dead_rules_surface_is_named_in_recommendations_yaml(tmp_path: Path, run: RunCli) -> None:
    dead = _rule_yaml("dead_surface", "      {question: comfort, gte: 6}\n", extra="    recommendation: our-own-tip\n")
    _write_pack(tmp_path / "pack", "", dead)
    recommendations = tmp_path / "pack" / "recommendations.yaml"
    recommendations.write_text(
        "recommendations:\n"
        "  - id: our-own-tip\n"
        "    level: personal\n"
        '    title: "Our own tip"\n'
        '    explanation: "Something we learned."\n'
        '    try: ["Try it."]\n'
        "    sources: [our-policy]\n",
        encoding="utf-8",
    )
    result = run("content", "validate", tmp_path / "pack", "--lang", "en")
    assert result.exit_code == 0, result.output
    line = _line_of(recommendations, "  - id: our-own-tip")
    expected = (
        "[our-own-tip]: only rules that can never apply surface this recommendation "
        "(outreach/dead_surface); it is only seen when browsing until their conditions are fixed"
    )
    ours = [text for text in result.stdout.splitlines() if text.startswith(f"warning: {recommendations}:{line}:")]
    assert len(ours) == 1, result.stdout
    assert ours[0].endswith(expected)


def test_a_missing_option_stays_one_error_without_a_second_warning(tmp_path: Path, run: RunCli) -> None:
    # `includes` of a value that is not an option is certainly broken: the loader's error, not a reach warning too.
    rules = _rule_yaml("typo", "      {question: contact, equals: phnoe}\n")
    path = _write_pack(tmp_path / "pack", "", rules)
    result = run("content", "validate", tmp_path / "pack", "--lang", "en")
    assert result.exit_code == 2
    ours = [text for text in result.stdout.splitlines() if str(path) in text]
    assert len(ours) == 1, result.stdout
    assert ours[0].startswith(f"error: {path}:{_line_of(path, '    when:')}:")
    assert ours[0].endswith("[typo]: 'phnoe' is not a possible answer to 'contact'")


@pytest.mark.timeout(60)
def test_a_condition_reads_in_the_chosen_language_however_it_nests() -> None:
    """The template's words for a condition; no shipped question nests one, so it is built here."""
    from famsupport_cli.checks.content import load_bundle
    from famsupport_cli.core.template import describe_condition

    either = {"any": [{"question": "comfort", "in": [1, 2]}, {"not": {"question": "notes", "answered": True}}]}
    nested = condition({"all": [{"question": "contact", "equals": "visit"}, either]})
    english, german = (describe_condition(nested, load_bundle(language=language).ui) for language in ("en", "de"))
    assert english == "contact is visit and (comfort is one of (1, 2) or not notes is answered)"
    assert german == "contact ist visit und (comfort ist eines von (1, 2) oder nicht notes ist beantwortet)"
