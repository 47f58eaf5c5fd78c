"""The decide rules one by one, on answer dicts (pure: content and answers in, a Result out).

Every scenario starts from the "all fine" answers of tests/golden/decide-digital.yaml and
changes only what a rule needs. The answers go through the same walk a scripted run uses,
so questions hidden by a condition drop out and defaults fill in, exactly as for a user.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from famsupport_cli.checks.content import check_content
from famsupport_cli.content.loader import Bundle
from famsupport_cli.content.models import Checklist
from famsupport_cli.core.answers import coerce
from famsupport_cli.core.conditions import AnswerValue, referenced_questions
from famsupport_cli.core.engine import Reason, Result, evaluate
from famsupport_cli.core.walk import NoInputAsker, walk
from helpers import coerced_answers, load_golden

BASE: dict[str, Any] = load_golden("decide-digital.yaml")

# The minimum change that makes each red flag fire (and no other).
RED_FLAG_CHANGES: dict[str, dict[str, Any]] = {
    "prefers_in_person": {"preferred_format": "in-person"},
    "declined_online": {"online_agreement": "declined"},
    "uneasy_with_video": {"video_comfort": 2},
    "no_device": {"device_access": "none"},
    "relative_can_access_device": {"relative_in_household": "lives-here", "relative_device_access": "yes"},
    "overheard_at_home": {
        "relative_in_household": "comes-and-goes",
        "relative_device_access": "no",
        "others_client_side": "others-may-hear",
    },
    "acute_crisis": {"sensitive_topic": "crisis"},
    "risk_to_others": {"harm_to_others": "concrete"},
    "controlled_at_home": {"controlling_household_member": "yes"},
    "children_at_risk": {"children_at_risk": "yes"},
    # In person is not possible for now: an acute worry means contact now, online.
    "acute_worry_cannot_meet": {"can_meet_in_person": "not-for-now", "sensitive_topic": "crisis"},
}

# The minimum change that makes each criterion fail, without any red flag.
CRITERION_FAILS: dict[str, dict[str, Any]] = {
    "wants_online": {"preferred_format": "hybrid"},
    "device_and_connection": {"stable_connection": "no"},
    "can_take_part_online": {"digital_skills": "little"},
    "private_on_both_sides": {"others_practitioner_side": "shared-space"},
    "trust_established": {"relationship_stage": "early"},
    "body_language_not_central": {"body_language_importance": 4},
    "topic_suits_online": {"preferred_format": "no-preference", "sensitive_topic": "sensitive"},
    "safe_work_channel": {"personal_contact": "yes"},
}
# Criteria that, with the shipped questions, cannot fail unless a red flag fires too
# (each is checked exhaustively below, so a content change that alters this is noticed).
CANNOT_FAIL_ALONE = {"relative_cannot_access"}

# "Don't know" (or "unclear", "not asked") answers that leave a criterion open.
CRITERION_UNSURE: dict[str, list[dict[str, Any]]] = {
    "wants_online": [{"preferred_format": "dont-know"}, {"online_agreement": "not-asked"}, {"video_comfort": "dont-know"}],
    "device_and_connection": [{"stable_connection": "dont-know"}],
    "private_on_both_sides": [{"private_space": "dont-know"}, {"others_client_side": "dont-know"}],
    "relative_cannot_access": [
        {"relative_in_household": "lives-here", "relative_device_access": "possibly"},
        {"relative_in_household": "dont-know", "relative_device_access": "dont-know"},
    ],
    "topic_suits_online": [{"sensitive_topic": "dont-know"}],
    "safe_work_channel": [{"approved_platform": "dont-know"}, {"platform_checked": "dont-know"}],
}


def _checklist(bundle: Bundle) -> Checklist:
    return bundle.checklists["decide"]


def decide(bundle: Bundle, changes: dict[str, Any] | None = None, *, drop: tuple[str, ...] = ()) -> Result:
    """Evaluate the baseline answers with `changes` applied, as a scripted run would."""
    checklist = _checklist(bundle)
    raw = {**BASE, **(changes or {})}
    answers = coerced_answers(checklist, {key: value for key, value in raw.items() if key not in drop})
    outcome = walk(checklist, answers, NoInputAsker(), lambda given: evaluate(bundle, checklist, given))
    assert outcome.missing == [], [question.id for question in outcome.missing]
    return evaluate(bundle, checklist, outcome.answers)


def reasons_of(result: Result, kind: str | None = None) -> dict[str, Reason]:
    assert result.verdict is not None
    return {reason.id: reason for reason in result.verdict.reasons if kind is None or reason.kind == kind}


def cited(reason: Reason) -> dict[str, AnswerValue | None]:
    return {answer.question_id: answer.value for answer in reason.answers}


def finding_ids(result: Result, list_id: str) -> list[str]:
    return [finding.rule_id for finding in result.findings[list_id]]


# --- the baseline ---------------------------------------------------------------------------


def test_all_fine_answers_give_digital(bundle: Bundle) -> None:
    result = decide(bundle)
    assert result.verdict is not None
    assert result.verdict.recommended == "digital"
    assert result.verdict.final == "digital"
    assert not result.verdict.overridden
    criteria = [criterion.id for criterion in _checklist(bundle).decision.criteria]  # type: ignore[union-attr]
    assert {reason.id: reason.kind for reason in result.verdict.reasons} == dict.fromkeys(criteria, "holds")
    assert result.findings["checks"] == ()
    assert result.findings["wellbeing"] == ()
    # The agreements for an online session are all there.
    always_online = [rule.id for rule in _checklist(bundle).rules if rule.add_to == "agreements" and rule.when is None]
    assert set(always_online) <= set(finding_ids(result, "agreements"))


def test_every_red_flag_and_criterion_has_a_scenario(bundle: Bundle) -> None:
    decision = _checklist(bundle).decision
    assert decision is not None
    assert set(RED_FLAG_CHANGES) == {flag.id for flag in decision.red_flags}
    assert set(CRITERION_FAILS) | CANNOT_FAIL_ALONE == {criterion.id for criterion in decision.criteria}
    assert set(CRITERION_UNSURE) == {criterion.id for criterion in decision.criteria if criterion.unsure is not None}


# --- red flags -------------------------------------------------------------------------------


@pytest.mark.parametrize("flag_id", list(RED_FLAG_CHANGES))
def test_each_red_flag_means_in_person(flag_id: str, bundle: Bundle) -> None:
    """In person, unless the flag names its own outcome (only `acute_worry_cannot_meet` does: contact now, online)."""
    changes = RED_FLAG_CHANGES[flag_id]
    result = decide(bundle, changes)
    flag = next(f for f in _checklist(bundle).decision.red_flags if f.id == flag_id)  # type: ignore[union-attr]
    expected = flag.outcome or "in-person"
    assert (flag.outcome is not None) is (flag_id == "acute_worry_cannot_meet")
    assert result.verdict is not None
    assert result.verdict.recommended == expected
    assert result.verdict.final == expected
    red_flags = reasons_of(result, "red-flag")
    assert set(red_flags) == {flag_id}
    reason = red_flags[flag_id]
    assert result.verdict.reasons[0] is reason, "red flags are listed first"
    assert reason.text == flag.reason
    assert reason.sources == tuple(flag.sources)
    # The reason cites the changed answer(s) the flag looks at, with the values given.
    changed_and_looked_at = set(changes) & set(referenced_questions(flag.when))
    assert changed_and_looked_at
    assert changed_and_looked_at <= set(cited(reason)), (changed_and_looked_at, cited(reason))
    for question_id in changed_and_looked_at:
        assert cited(reason)[question_id] == result.answers[question_id]


def test_uneasy_with_video_starts_below_three(bundle: Bundle) -> None:
    assert "uneasy_with_video" in reasons_of(decide(bundle, {"video_comfort": 1}), "red-flag")
    assert "uneasy_with_video" in reasons_of(decide(bundle, {"video_comfort": 2}), "red-flag")
    at_three = decide(bundle, {"video_comfort": 3})
    assert reasons_of(at_three, "red-flag") == {}
    assert at_three.verdict is not None and at_three.verdict.recommended == "digital"


def test_several_red_flags_are_all_reported(bundle: Bundle) -> None:
    result = decide(bundle, {**RED_FLAG_CHANGES["acute_crisis"], **RED_FLAG_CHANGES["declined_online"]})
    assert set(reasons_of(result, "red-flag")) == {"acute_crisis", "declined_online"}
    assert result.verdict is not None and result.verdict.recommended == "in-person"


# --- criteria --------------------------------------------------------------------------------


@pytest.mark.parametrize("criterion_id", list(CRITERION_FAILS))
def test_each_failing_criterion_means_hybrid(criterion_id: str, bundle: Bundle) -> None:
    changes = CRITERION_FAILS[criterion_id]
    result = decide(bundle, changes)
    assert result.verdict is not None
    assert reasons_of(result, "red-flag") == {}
    assert result.verdict.recommended == "hybrid"
    not_holding = {rid: reason.kind for rid, reason in reasons_of(result).items() if reason.kind != "holds"}
    assert not_holding == {criterion_id: "fails"}
    reason = reasons_of(result)[criterion_id]
    criterion = next(c for c in _checklist(bundle).decision.criteria if c.id == criterion_id)  # type: ignore[union-attr]
    assert reason.text == criterion.reason_fails
    assert reason.title == criterion.title
    looked_at = set(changes) & set(referenced_questions(criterion.holds))
    assert looked_at
    assert looked_at <= set(cited(reason)), (looked_at, cited(reason))
    for question_id in looked_at:
        assert cited(reason)[question_id] == result.answers[question_id]


def test_recording_not_yet_discussed_is_a_check_not_a_change_of_format(bundle: Bundle) -> None:
    # An agreement still to make is something to do before the session, not a reason to go hybrid.
    result = decide(bundle, {"recording": "unclear"})
    assert result.verdict is not None and result.verdict.recommended == "digital"
    assert "check_recording_and_notes" in finding_ids(result, "checks")
    assert "agree_recording" in finding_ids(result, "agreements")


def test_relative_cannot_access_fails_only_with_a_red_flag(bundle: Bundle) -> None:
    checklist = _checklist(bundle)
    options = {q.id: [o.value for o in q.options or []] + (["dont-know"] if q.allow_dont_know else []) for q in checklist.questions()}
    failed = 0
    for household, device, relative_access in itertools.product(
        options["relative_in_household"], options["device_access"], options["relative_device_access"]
    ):
        result = decide(bundle, {"relative_in_household": household, "device_access": device, "relative_device_access": relative_access})
        if reasons_of(result)["relative_cannot_access"].kind == "fails":
            failed += 1
            assert reasons_of(result, "red-flag"), (household, device, relative_access)
            assert result.verdict is not None and result.verdict.recommended == "in-person"
    assert failed, "the criterion can fail (with no device)"


@pytest.mark.parametrize(
    ("criterion_id", "changes"),
    [(criterion_id, changes) for criterion_id, variants in CRITERION_UNSURE.items() for changes in variants],
    ids=[f"{criterion_id}-{'+'.join(changes)}" for criterion_id, variants in CRITERION_UNSURE.items() for changes in variants],
)
def test_each_open_criterion_means_hybrid_with_a_check(criterion_id: str, changes: dict[str, Any], bundle: Bundle) -> None:
    result = decide(bundle, changes)
    assert result.verdict is not None
    assert reasons_of(result, "red-flag") == {}
    assert result.verdict.recommended == "hybrid"
    not_holding = {rid: reason.kind for rid, reason in reasons_of(result).items() if reason.kind != "holds"}
    assert not_holding == {criterion_id: "unsure"}
    reason = reasons_of(result)[criterion_id]
    criterion = next(c for c in _checklist(bundle).decision.criteria if c.id == criterion_id)  # type: ignore[union-attr]
    assert reason.text == criterion.reason_unsure
    assert criterion.unsure is not None
    open_answers = {
        qid
        for qid, value in changes.items()
        if value in ("dont-know", "not-asked", "unclear", "possibly") and qid in referenced_questions(criterion.unsure)
    }
    assert open_answers
    assert open_answers <= set(cited(reason)), (open_answers, cited(reason))
    # What was left open appears among the things to check, citing the same answer.
    checks = result.findings["checks"]
    matching = [finding for finding in checks if open_answers & {answer.question_id for answer in finding.answers}]
    assert matching, f"nothing to check for {sorted(open_answers)}; checks: {[f.rule_id for f in checks]}"


# --- override and preference -----------------------------------------------------------------


def test_override_changes_the_final_format_but_keeps_the_recommendation(bundle: Bundle) -> None:
    reason_text = "We live close by; one meeting in person first."
    result = decide(bundle, {"override_format": "in-person", "override_reason": reason_text})
    assert result.verdict is not None
    assert result.verdict.recommended == "digital"
    assert result.verdict.final == "in-person"
    assert result.verdict.overridden
    assert result.verdict.override_reason == reason_text
    # Rules for online formats look at the final format: no online-only agreements for an in-person meeting.
    online_only = {rule.id for rule in _checklist(bundle).rules if rule.for_outcomes == ["hybrid", "digital"]}
    assert online_only
    assert not online_only & set(finding_ids(result, "agreements"))


def test_override_towards_online_despite_a_red_flag(bundle: Bundle) -> None:
    result = decide(bundle, {**RED_FLAG_CHANGES["acute_crisis"], "override_format": "hybrid", "override_reason": "Cannot travel."})
    assert result.verdict is not None
    assert (result.verdict.recommended, result.verdict.final) == ("in-person", "hybrid")
    assert "acute_crisis" in reasons_of(result, "red-flag"), "the red flag is still reported"
    assert "agree_cameras" in finding_ids(result, "agreements")


def test_keep_means_the_recommendation(bundle: Bundle) -> None:
    result = decide(bundle, {"override_format": "keep", **CRITERION_FAILS["trust_established"]})
    assert result.verdict is not None
    assert result.verdict.final == result.verdict.recommended == "hybrid"
    assert not result.verdict.overridden
    assert result.verdict.override_reason is None


def test_choosing_the_recommended_format_is_no_override(bundle: Bundle) -> None:
    result = decide(bundle, {"override_format": "digital", "override_reason": "Fine as it is."})
    assert result.verdict is not None
    assert result.verdict.final == result.verdict.recommended == "digital"
    assert not result.verdict.overridden


def test_an_override_needs_a_reason(bundle: Bundle) -> None:
    checklist = _checklist(bundle)
    answers = {key: coerce(next(q for q in checklist.questions() if q.id == key), value) for key, value in BASE.items()}
    answers["override_format"] = "in-person"
    outcome = walk(checklist, answers, NoInputAsker(), lambda given: evaluate(bundle, checklist, given))  # type: ignore[arg-type]
    assert [question.id for question in outcome.missing] == ["override_reason"]


SCENARIOS: dict[str, dict[str, Any]] = {
    "baseline": {},
    **{f"red-flag-{key}": value for key, value in RED_FLAG_CHANGES.items()},
    **{f"fails-{key}": value for key, value in CRITERION_FAILS.items()},
    **{f"unsure-{key}-{index}": value for key, variants in CRITERION_UNSURE.items() for index, value in enumerate(variants)},
    "override-in-person": {"override_format": "in-person", "override_reason": "Because."},
    "override-digital": {"preferred_format": "in-person", "override_format": "digital", "override_reason": "Because."},
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_the_preference_is_always_reported(scenario: str, bundle: Bundle) -> None:
    result = decide(bundle, SCENARIOS[scenario])
    assert result.verdict is not None
    assert result.verdict.preference is not None
    assert result.verdict.preference.question_id == "preferred_format"
    assert result.verdict.preference.value == result.answers["preferred_format"]


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_outcome_bound_rules_follow_the_final_format(scenario: str, bundle: Bundle) -> None:
    result = decide(bundle, SCENARIOS[scenario])
    assert result.verdict is not None
    rules = {rule.id: rule for rule in _checklist(bundle).rules}
    for findings in result.findings.values():
        for finding in findings:
            allowed = rules[finding.rule_id].for_outcomes
            assert allowed is None or result.verdict.final in allowed, (finding.rule_id, result.verdict.final)


def test_agreements_for_online_only_when_hybrid_or_digital(bundle: Bundle) -> None:
    agreements = [rule for rule in _checklist(bundle).rules if rule.add_to == "agreements"]
    online_only = {rule.id for rule in agreements if rule.for_outcomes == ["hybrid", "digital"]}
    unconditional_online = {rule.id for rule in agreements if rule.id in online_only and rule.when is None}
    in_person = decide(bundle, RED_FLAG_CHANGES["prefers_in_person"])
    hybrid = decide(bundle, CRITERION_FAILS["trust_established"])
    digital = decide(bundle)
    assert not online_only & set(finding_ids(in_person, "agreements"))
    assert unconditional_online <= set(finding_ids(hybrid, "agreements"))
    assert unconditional_online <= set(finding_ids(digital, "agreements"))
    # Agreements meant for every format stay when meeting in person.
    for_all = {rule.id for rule in agreements if rule.for_outcomes is None and rule.when is None}
    assert for_all and for_all <= set(finding_ids(in_person, "agreements"))


def test_making_in_person_possible_is_suggested_for_in_person_and_hybrid(bundle: Bundle) -> None:
    # The baseline has a long journey and caring duties.
    assert "agree_reachable_meeting" not in finding_ids(decide(bundle), "agreements")
    assert "agree_reachable_meeting" in finding_ids(decide(bundle, CRITERION_FAILS["trust_established"]), "agreements")
    assert "agree_reachable_meeting" in finding_ids(decide(bundle, RED_FLAG_CHANGES["acute_crisis"]), "agreements")
    short_trip = decide(bundle, {**RED_FLAG_CHANGES["acute_crisis"], "travel_time": "short", "caring_duties": "no"})
    assert "agree_reachable_meeting" not in finding_ids(short_trip, "agreements")


# --- wellbeing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sessions_today", "max_sessions", "fires"),
    [(3, 4, False), (4, 4, True), (5, 4, True), (0, 1, False), (1, 1, True), (5, 6, False), (6, 6, True)],
)
def test_session_limit_fires_at_the_maximum_and_not_below(sessions_today: int, max_sessions: int, fires: bool, bundle: Bundle) -> None:
    result = decide(bundle, {"sessions_today": sessions_today, "max_sessions_per_day": max_sessions})
    assert ("wellbeing_session_limit" in finding_ids(result, "wellbeing")) is fires
    if fires:
        finding = next(f for f in result.findings["wellbeing"] if f.rule_id == "wellbeing_session_limit")
        assert {a.question_id for a in finding.answers} == {"sessions_today", "max_sessions_per_day"}


def test_session_limit_uses_the_default_maximum_of_four(bundle: Bundle) -> None:
    assert "wellbeing_session_limit" in finding_ids(decide(bundle, {"sessions_today": 4}, drop=("max_sessions_per_day",)), "wellbeing")
    below = decide(bundle, {"sessions_today": 3}, drop=("max_sessions_per_day",))
    assert below.answers["max_sessions_per_day"] == 4
    assert "wellbeing_session_limit" not in finding_ids(below, "wellbeing")


@pytest.mark.parametrize(
    ("rule_id", "changes", "not_firing"),
    [
        ("wellbeing_always_reachable", {"reachable_out_of_hours": "yes"}, {"reachable_out_of_hours": "no"}),
        ("wellbeing_phone_off", {"can_switch_off_phone": "no"}, {"can_switch_off_phone": "not-applicable"}),
        ("wellbeing_running_low", {"how_you_feel": 2}, {"how_you_feel": 3}),
        ("wellbeing_personal_number", {"personal_contact": "yes"}, {"personal_contact": "no"}),
        ("wellbeing_debrief_after_crisis", {"sensitive_topic": "crisis"}, {"sensitive_topic": "sensitive"}),
    ],
)
def test_wellbeing_notes(rule_id: str, changes: dict[str, Any], not_firing: dict[str, Any], bundle: Bundle) -> None:
    assert finding_ids(decide(bundle, changes), "wellbeing") == [rule_id]
    assert rule_id not in finding_ids(decide(bundle, not_firing), "wellbeing")


def test_skipping_how_you_feel_gives_no_running_low_note(bundle: Bundle) -> None:
    result = decide(bundle, drop=("how_you_feel",))
    assert "how_you_feel" not in result.answers
    assert "wellbeing_running_low" not in finding_ids(result, "wellbeing")


# --- checks and other agreements ---------------------------------------------------------------


def test_recording_and_notes_check_applies_to_every_format(bundle: Bundle) -> None:
    result = decide(bundle, {**RED_FLAG_CHANGES["prefers_in_person"], "notes_storage": "personal-device"})
    assert "check_recording_and_notes" in finding_ids(result, "checks")


def test_privacy_check_only_for_online_formats(bundle: Bundle) -> None:
    changes = {"private_space": "dont-know", **RED_FLAG_CHANGES["acute_crisis"]}
    assert "check_privacy" not in finding_ids(decide(bundle, changes), "checks")
    assert "check_privacy" in finding_ids(decide(bundle, {"private_space": "dont-know"}), "checks")


@pytest.mark.parametrize(
    ("rule_id", "changes"),
    [
        ("agree_interpreter", {"interpreter": "arranged"}),
        ("agree_relative_at_home", {"relative_in_household": "comes-and-goes", "relative_device_access": "no"}),
        ("agree_if_it_gets_too_much", {"access_needs": ["mental-health"]}),
        ("agree_access_needs", {"access_needs": ["hearing", "mobility"]}),
    ],
)
def test_conditional_agreements(rule_id: str, changes: dict[str, Any], bundle: Bundle) -> None:
    assert rule_id not in finding_ids(decide(bundle), "agreements")
    result = decide(bundle, changes)
    assert rule_id in finding_ids(result, "agreements")
    finding = next(f for f in result.findings["agreements"] if f.rule_id == rule_id)
    assert set(changes) & {a.question_id for a in finding.answers}


# --- a red flag that names its own outcome ----------------------------------------------------


def _tiny_decision(bundle: Bundle) -> Checklist:
    """Two yes/no questions, a plain red flag on each and a flag with its own outcome on both."""
    question = {"type": "yesno", "sources": ["famsupport-synthesis"]}
    questions = [{"id": "a", "prompt": "a?", **question}, {"id": "b", "prompt": "b?", **question}]
    return Checklist.model_validate({
        "id": "tiny",
        "version": "1",
        "title": "t",
        "intro": "i",
        "sections": [{"id": "s", "title": "s", "questions": questions}],
        "decision": {
            "outcomes": [{"value": v, "label": v, "summary": v} for v in ("in-person", "hybrid", "digital")],
            "red_flag_outcome": "in-person",
            "all_hold_outcome": "digital",
            "mixed_outcome": "hybrid",
            "sources": ["famsupport-synthesis"],
            "red_flags": [
                {"id": "plain", "when": {"question": "a", "equals": "yes"}, "reason": "r", "sources": ["famsupport-synthesis"]},
                {
                    "id": "specific",
                    "when": {"all": [{"question": "a", "equals": "yes"}, {"question": "b", "equals": "yes"}]},
                    "outcome": "digital",
                    "reason": "r",
                    "sources": ["famsupport-synthesis"],
                },
            ],
        },
    })  # fmt: skip


@pytest.mark.parametrize(("b", "expected"), [("no", "in-person"), ("yes", "digital")])
def test_a_red_flag_with_its_own_outcome_wins_over_plain_ones(b: str, expected: str, bundle: Bundle) -> None:
    checklist = _tiny_decision(bundle)
    result = evaluate(bundle, checklist, {"a": "yes", "b": b})
    assert result.verdict is not None
    assert result.verdict.recommended == expected
    assert "plain" in reasons_of(result, "red-flag"), "the plain flag is still reported"


def test_a_red_flag_outcome_must_be_an_outcome(tmp_path: Path) -> None:
    folder = tmp_path / "pack" / "checklists"
    folder.mkdir(parents=True)
    (folder / "decide.yaml").write_text("decision:\n  red_flags:\n    - id: acute_crisis\n      outcome: elsewhere\n")
    _, problems = check_content(tmp_path / "pack")
    assert any("elsewhere" in problem.message and problem.severity == "error" for problem in problems)


# --- safeguarding, exposure, written contact, data protection (issue 16) ----------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"sensitive_topic": "crisis"},
        {"harm_to_others": "concrete"},
        {"controlling_household_member": "yes"},
        {"children_at_risk": "yes"},
        {"can_meet_in_person": "not-for-now", "harm_to_others": "concrete"},
    ],
)
def test_anything_acute_says_whom_to_tell_whatever_the_format(changes: dict[str, Any], bundle: Bundle) -> None:
    result = decide(bundle, changes)
    assert finding_ids(result, "safeguarding") == ["escalate_safeguarding"]
    finding = result.findings["safeguarding"][0]
    assert set(changes) - {"can_meet_in_person"} <= {answer.question_id for answer in finding.answers}
    # Overriding towards online does not drop it.
    overridden = decide(bundle, {**changes, "override_format": "hybrid", "override_reason": "Because."})
    assert finding_ids(overridden, "safeguarding") == ["escalate_safeguarding"]


@pytest.mark.parametrize(
    "changes", [{"harm_to_others": "worry"}, {"controlling_household_member": "possibly"}, {"children_at_risk": "dont-know"}]
)
def test_a_safeguarding_worry_is_talked_through_without_changing_the_format(changes: dict[str, Any], bundle: Bundle) -> None:
    result = decide(bundle, changes)
    assert finding_ids(result, "safeguarding") == ["check_safeguarding_worry"]
    assert result.verdict is not None and result.verdict.recommended == "digital"
    acute = decide(bundle, {**changes, "sensitive_topic": "crisis"})
    assert finding_ids(acute, "safeguarding") == ["escalate_safeguarding"], "the acute step replaces the worry"
    assert finding_ids(decide(bundle), "safeguarding") == []


@pytest.mark.parametrize("flag_id", ["acute_crisis", "risk_to_others", "controlled_at_home", "children_at_risk"])
def test_an_acute_worry_when_in_person_is_impossible_means_contact_now(flag_id: str, bundle: Bundle) -> None:
    result = decide(bundle, {**RED_FLAG_CHANGES[flag_id], "can_meet_in_person": "not-for-now"})
    assert result.verdict is not None
    assert result.verdict.recommended == "digital"
    assert set(reasons_of(result, "red-flag")) == {"acute_worry_cannot_meet"}
    assert {"agree_if_call_drops", "agree_signal_phrase"} <= set(finding_ids(result, "agreements"))
    assert "travel_time" not in result.answers and "caring_duties" not in result.answers


def test_an_in_person_red_flag_stays_when_nothing_is_acute_even_if_in_person_is_impossible(bundle: Bundle) -> None:
    # Only an acute worry turns into "contact now"; otherwise the practitioner chooses, with a reason.
    result = decide(bundle, {**RED_FLAG_CHANGES["prefers_in_person"], "can_meet_in_person": "not-for-now"})
    assert result.verdict is not None and result.verdict.recommended == "in-person"


def test_exposure_is_asked_and_counts_wherever_the_person_lives(bundle: Bundle) -> None:
    result = decide(bundle, {"relative_in_household": "lives-elsewhere", "device_access": "own", "relative_device_access": "yes"})
    assert "relative_device_access" in result.answers
    assert set(reasons_of(result, "red-flag")) == {"relative_can_access_device"}
    unsure = decide(bundle, {"relative_in_household": "lives-elsewhere", "relative_device_access": "possibly"})
    assert reasons_of(unsure)["relative_cannot_access"].kind == "unsure"
    assert "agree_identity" in finding_ids(unsure, "agreements"), "someone else may be reading their messages"


def test_a_hostile_listener_at_home_counts_like_the_person_you_are_worried_about(bundle: Bundle) -> None:
    changes = {"relative_in_household": "lives-elsewhere", "controlling_household_member": "possibly", "private_space": "no"}
    result = decide(bundle, changes)
    assert "overheard_at_home" in reasons_of(result, "red-flag")
    online = decide(bundle, {**changes, "private_space": "yes", "override_format": "digital", "override_reason": "Because."})
    assert "agree_relative_at_home" in finding_ids(online, "agreements")


def test_what_goes_in_writing_is_agreed_in_every_format(bundle: Bundle) -> None:
    for changes in ({}, CRITERION_FAILS["trust_established"], RED_FLAG_CHANGES["prefers_in_person"]):
        assert "agree_messages" in finding_ids(decide(bundle, changes), "agreements")


def test_checking_it_is_them_only_online_and_while_you_do_not_know_each_other_well(bundle: Bundle) -> None:
    assert "agree_identity" not in finding_ids(decide(bundle), "agreements")
    early = decide(bundle, {"relationship_stage": "early", "override_format": "digital", "override_reason": "Because."})
    assert "agree_identity" in finding_ids(early, "agreements")
    in_person = decide(bundle, {"relationship_stage": "first-contact", **RED_FLAG_CHANGES["prefers_in_person"]})
    assert "agree_identity" not in finding_ids(in_person, "agreements")


def test_the_interpreter_agreement_holds_in_person_too_and_rules_out_family(bundle: Bundle) -> None:
    result = decide(bundle, {**RED_FLAG_CHANGES["prefers_in_person"], "interpreter": "needed"})
    finding = next(f for f in result.findings["agreements"] if f.rule_id == "agree_interpreter")
    assert "never a relative" in finding.text


def test_data_protection_information_not_yet_given_is_a_check_citing_the_gdpr(bundle: Bundle) -> None:
    result = decide(bundle, {"data_information": "not-yet"})
    assert finding_ids(result, "checks") == ["check_data_information"]
    assert "gdpr" in result.findings["checks"][0].sources
    assert result.verdict is not None and result.verdict.recommended == "digital"
    assert "gdpr" in bundle.sources


@pytest.mark.parametrize(("answer", "fires"), [("familiar", False), ("partly", True), ("unfamiliar", True)])
def test_an_unfamiliar_online_world_gives_next_steps_from_the_2022_paper(answer: str, fires: bool, bundle: Bundle) -> None:
    result = decide(bundle, {"online_world_familiarity": answer})
    assert ("prepare_online_world" in finding_ids(result, "checks")) is fires
    if fires:
        finding = next(f for f in result.findings["checks"] if f.rule_id == "prepare_online_world")
        assert "ran-2022-hybrid" in finding.sources


def test_the_default_maximum_is_marked_as_our_own_example(bundle: Bundle) -> None:
    question = _checklist(bundle).question_index["max_sessions_per_day"]
    assert question.default == 4
    assert "famsupport-synthesis" in question.sources
    assert "our own example" in (question.help or "")
