"""Golden answers files: realistic cases run end to end, each with its expected outcome.

Each file in tests/golden/ starts with a comment saying what the case is; the expectation
for it lives here, next to the reasoning.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import RunCli
from helpers import GOLDEN_DIR, front_matter

EXPECTED: dict[str, dict[str, Any]] = {
    # Everything in place, a long-standing client who asks to move online.
    "decide-digital.yaml": {
        "recommendation": "digital",
        "final_format": "digital",
        "red_flags": [],
        "not_holding": {},
        "checks": [],
        "agreements_include": ["agree_cameras", "agree_signal_phrase", "agree_confidentiality", "agree_messages"],
        "agreements_exclude": ["agree_identity"],
    },
    # The young person lives there and can see the shared device: in person, whatever else holds.
    "decide-in-person-shared-devices.yaml": {
        "recommendation": "in-person",
        "final_format": "in-person",
        "red_flags": ["relative_can_access_device"],
        "not_holding": {"device_and_connection": "fails", "relative_cannot_access": "fails"},
        "checks": [],
        "agreements_include": ["agree_messages"],
        "agreements_exclude": ["agree_cameras", "agree_relative_at_home"],
    },
    # Only trust is missing: a first contact is better held (partly) in person.
    "decide-hybrid-first-contact.yaml": {
        "recommendation": "hybrid",
        "final_format": "hybrid",
        "red_flags": [],
        "not_holding": {"trust_established": "fails"},
        "checks": [],
        "agreements_include": ["agree_cameras", "agree_reachable_meeting"],
    },
    # Privacy unknown: hybrid, and "check they can talk freely".
    "decide-hybrid-dont-know-privacy.yaml": {
        "recommendation": "hybrid",
        "final_format": "hybrid",
        "red_flags": [],
        "not_holding": {"private_on_both_sides": "unsure"},
        "checks": ["check_privacy"],
    },
    # Online recommended, in person chosen, with a reason.
    "decide-override.yaml": {
        "recommendation": "digital",
        "final_format": "in-person",
        "overridden": True,
        "red_flags": [],
        "not_holding": {},
        "checks": [],
        "agreements_exclude": ["agree_cameras"],
    },
    # Abroad for months, with an acute worry: contact now, online (the flag names its own outcome),
    # with the safeguarding step and the call-drop plan; never an in-person meeting that cannot happen.
    "decide-father-abroad-acute.yaml": {
        "recommendation": "digital",
        "final_format": "digital",
        "red_flags": ["acute_worry_cannot_meet"],
        "not_holding": {"trust_established": "fails", "body_language_not_central": "fails", "topic_suits_online": "fails"},
        "checks": ["prepare_online_world"],
        "safeguarding": ["escalate_safeguarding"],
        "agreements_include": ["agree_if_call_drops", "agree_signal_phrase", "agree_identity", "agree_if_it_gets_too_much"],
    },
    # The son lives elsewhere but reads her synced messages and sees her location: that counts like
    # living there. In person; what goes in writing is agreed even so.
    "decide-mother-son-syncs.yaml": {
        "recommendation": "in-person",
        "final_format": "in-person",
        "red_flags": ["relative_can_access_device"],
        "not_holding": {"relative_cannot_access": "fails"},
        "checks": [],
        "safeguarding": [],
        "agreements_include": ["agree_messages", "agree_confidentiality"],
        "agreements_exclude": ["agree_cameras"],
    },
    # A controlling partner at home (not the son) and no private space: he counts like the son
    # for being overheard, and control at home is a safeguarding matter of its own.
    "decide-mother-controlling-partner.yaml": {
        "recommendation": "in-person",
        "final_format": "in-person",
        "red_flags": ["controlled_at_home", "overheard_at_home"],
        "not_holding": {
            "private_on_both_sides": "fails",
            "trust_established": "fails",
            "body_language_not_central": "fails",
            "topic_suits_online": "fails",
            "relative_cannot_access": "unsure",
        },
        "checks": ["check_data_information"],
        "safeguarding": ["escalate_safeguarding"],
        "agreements_include": ["agree_messages", "agree_confidentiality"],
        "agreements_exclude": ["agree_relative_at_home", "agree_cameras"],
    },
    # Established and all in place, recording not discussed yet: an agreement still to make is a
    # check, not a reason to change the format.
    "decide-established-recording-unclear.yaml": {
        "recommendation": "digital",
        "final_format": "digital",
        "red_flags": [],
        "not_holding": {},
        "checks": ["check_recording_and_notes"],
        "safeguarding": [],
        "agreements_include": ["agree_recording"],
    },
    # Own faith and politics and a strong picture of "these families" coloured what was heard:
    # a personal recommendation comes with the macro one.
    "reflect-worldview.yaml": {
        "recommendations": ["stay-open-minded", "know-your-role-at-macro-level"],
        "next_steps": ["next-one-thing-differently"],
        "supervision_include": ["sup-my-background", "sup-story-about-these-families"],
    },
    "reflect-no-peer-space.yaml": {
        "recommendations": ["safe-space-to-discuss-cases"],
        "next_steps": ["next-one-thing-differently"],
        "supervision_include": ["sup-support-i-need"],
    },
    "reflect-digital-session.yaml": {
        "recommendations": [
            "be-authentic-and-clear-about-your-role",
            "trust-when-families-feel-watched",
            "know-your-role-at-macro-level",
            "build-a-two-way-relationship",  # the screen made trust and reading harder: personal level too
        ],
        "next_steps": ["next-one-thing-differently", "next-check-in-about-format"],
        "supervision_include": ["sup-how-they-see-me"],
        "answers_include": ["format_effect_on_trust", "reading_the_person", "format_missed_gained"],
    },
}


def test_every_golden_file_has_an_expectation_and_a_comment() -> None:
    files = sorted(path.name for path in GOLDEN_DIR.glob("*.yaml"))
    assert files == sorted(EXPECTED)
    for name in files:
        first = (GOLDEN_DIR / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ") and len(first) > 20, name


def _run(run: RunCli, name: str) -> dict[str, Any]:
    command = name.split("-", 1)[0]
    result = run(command, "--answers", GOLDEN_DIR / name, "--no-input", "--output", "-", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "Note:" not in result.stderr, "a golden file answers only questions that apply"
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("name", [name for name in EXPECTED if name.startswith("decide-")])
def test_golden_decide(name: str, run: RunCli) -> None:
    expected = EXPECTED[name]
    data = _run(run, name)
    assert data["kind"] == "decide"
    assert data["recommendation"] == expected["recommendation"]
    assert data["final_format"] == expected["final_format"]
    assert data["overridden"] is expected.get("overridden", False)
    kinds = {reason["id"]: reason["kind"] for reason in data["reasons"]}
    assert sorted(rid for rid, kind in kinds.items() if kind == "red-flag") == sorted(expected["red_flags"])
    not_holding = {rid: kind for rid, kind in kinds.items() if kind in ("fails", "unsure")}
    assert not_holding == expected["not_holding"]
    assert [item["rule"] for item in data["checks"]] == expected["checks"]
    assert [item["rule"] for item in data["safeguarding"]] == expected.get("safeguarding", [])
    agreements = {item["rule"] for item in data["agreements"]}
    assert set(expected.get("agreements_include", [])) <= agreements
    assert not set(expected.get("agreements_exclude", [])) & agreements
    if data["overridden"]:
        assert data["override_reason"]


@pytest.mark.parametrize("name", [name for name in EXPECTED if name.startswith("reflect-")])
def test_golden_reflect(name: str, run: RunCli) -> None:
    expected = EXPECTED[name]
    data = _run(run, name)
    assert data["kind"] == "reflect"
    assert sorted(item["id"] for item in data["recommendations"]) == sorted(expected["recommendations"])
    for item in data["recommendations"]:
        assert item["level"] in ("personal", "organisational", "macro")
        assert item["why"]
    assert [item["id"] for item in data["next_steps"]] == expected["next_steps"]
    assert set(expected["supervision_include"]) <= {item["id"] for item in data["supervision"]}
    assert set(expected.get("answers_include", [])) <= set(data["answers"])


@pytest.mark.parametrize("detail", ["note", "full"])
@pytest.mark.parametrize("name", list(EXPECTED))
def test_golden_markdown_agrees_with_json(name: str, detail: str, run: RunCli) -> None:
    command = name.split("-", 1)[0]
    data = _run(run, name)
    result = run(command, "--answers", GOLDEN_DIR / name, "--no-input", "--output", "-", "--detail", detail)
    assert result.exit_code == 0
    meta = front_matter(result.stdout)
    assert meta["detail"] == detail
    for list_id, ids in meta["findings"].items():  # a note leaves lists out, never changes one
        assert ids == data["findings"][list_id]
    if command == "decide":
        assert (meta["recommendation"], meta["final_format"]) == (data["recommendation"], data["final_format"])
    else:
        assert meta.get("recommendations", []) == [item["id"] for item in data["recommendations"]]
