"""`famsupport template KIND --format json` as a trainer's script uses it: valid answers from the data alone.

The generator below reads nothing but the JSON: no famsupport import, no content file.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from conftest import RunCli, WriteAnswers

Known = dict[str, Any]


def decided(condition: dict[str, Any], known: Known) -> bool | None:
    """Whether the condition holds with these answers; None when it looks at something the template does not give."""
    if "all" in condition:
        parts = [decided(part, known) for part in condition["all"]]
        return False if False in parts else (None if None in parts else True)
    if "any" in condition:
        parts = [decided(part, known) for part in condition["any"]]
        return True if True in parts else (None if None in parts else False)
    if "not" in condition:
        inner = decided(condition["not"], known)
        return None if inner is None else not inner
    name = condition["question"]
    if name not in known:
        return None  # a fact (the journal, the clock): the script cannot know it
    value = known[name]
    if "answered" in condition:
        return (value is not None) == condition["answered"]
    if value is None:
        return False
    if "equals" in condition:
        return bool(value == condition["equals"])
    if "in" in condition:
        return value in condition["in"]
    if "includes" in condition:
        return isinstance(value, list) and condition["includes"] in value
    if "includes_any" in condition:
        return isinstance(value, list) and bool(set(value) & set(condition["includes_any"]))
    for operator, test in (("gte", int.__ge__), ("lte", int.__le__), ("gt", int.__gt__), ("lt", int.__lt__)):
        if operator in condition:
            bound = condition[operator]
            if isinstance(bound, dict):
                if bound["question"] not in known:
                    return None
                bound = known[bound["question"]]
            return isinstance(value, int) and isinstance(bound, int) and bool(test(value, bound))
    raise AssertionError(f"a condition the template did not describe: {condition}")


def random_answer(entry: dict[str, Any], pick: random.Random) -> Any:
    special = entry["special"]
    if special and pick.random() < 0.15:
        return pick.choice(special)
    kind = entry["type"]
    if kind in ("single", "yesno"):
        return pick.choice(entry["choices"])
    if kind == "multiple":
        alone = [value for value in entry["choices"] if value in entry["exclusive"]]
        if alone and pick.random() < 0.3:
            return [pick.choice(alone)]
        combinable = [value for value in entry["choices"] if value not in entry["exclusive"]]
        return pick.sample(combinable, pick.randint(1, len(combinable)))
    if kind in ("number", "scale"):
        low = entry["min"] if entry["min"] is not None else 0
        high = entry["max"] if entry["max"] is not None else low + 50
        return pick.randint(low, high)
    return "A short note without names."[: entry["max_length"]]


def generate(template: dict[str, Any], seed: int) -> Known:
    """Answers for every question that applies (or may apply), in order, so later conditions see earlier answers."""
    pick = random.Random(seed)
    answers: Known = {}
    for entry in template["questions"]:
        applies = True if entry["condition"] is None else decided(entry["condition"], answers)
        if applies is False:
            continue
        if entry["required"] or pick.random() < 0.7:
            answers[entry["id"]] = random_answer(entry, pick)
    return answers


@pytest.mark.timeout(120)
@pytest.mark.parametrize("checklist_id", ["decide", "reflect"])
def test_random_answers_written_from_the_json_template_alone_are_accepted(
    checklist_id: str, run: RunCli, write_answers: WriteAnswers
) -> None:
    template = json.loads(run("template", checklist_id, "--format", "json").stdout)
    for seed in range(12):
        answers = generate(template, seed)
        path = write_answers(answers, f"{checklist_id}-{seed}.json")
        result = run(checklist_id, "--answers", path, "--no-input", "--output", "-", "--format", "json", "--date", "2026-11-21T10:00")
        assert result.exit_code == 0, (seed, answers, result.stderr)


def test_the_template_says_which_options_stand_alone_and_which_values_are_special(run: RunCli) -> None:
    template = json.loads(run("template", "decide", "--format", "json").stdout)
    entries = {entry["id"]: entry for entry in template["questions"]}
    assert entries["access_needs"]["exclusive"] == ["none"]
    assert "none" in entries["access_needs"]["choices"]
    platform = entries["platform_checked"]
    assert platform["special"] == ["dont-know"] and platform["choices"] == ["yes", "no"]
    assert platform["when"] == "approved_platform is yes"
    assert platform["condition"] == {"question": "approved_platform", "equals": "yes"}


def test_an_answers_file_combining_an_option_that_stands_alone_exits_2_naming_the_question(
    run: RunCli, write_answers: WriteAnswers
) -> None:
    template = json.loads(run("template", "decide", "--format", "json").stdout)
    answers = generate(template, 0)
    answers["access_needs"] = ["hearing", "none"]
    result = run("decide", "--answers", write_answers(answers, "combined.json"), "--no-input", "--output", "-")
    assert result.exit_code == 2
    assert "access_needs" in result.stderr
    assert "None that matters here" in result.stderr
