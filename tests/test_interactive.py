"""The interactive walk, driven through prompt_toolkit pipe input.

The real TerminalAsker (questionary) runs against a pipe; before each prompt the
test sends exactly the keys meant for that question, so nothing depends on timing.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from famsupport_cli.checks.content import load_bundle
from famsupport_cli.content.loader import Bundle
from famsupport_cli.core.conditions import AnswerValue
from famsupport_cli.core.engine import Result, evaluate
from famsupport_cli.core.presets import read_answers_text
from famsupport_cli.core.walk import Step, walk
from famsupport_cli.io.prompts import TerminalAsker

DOWN, UP, ENTER, SPACE, BACK = "\x1b[B", "\x1b[A", "\r", " ", "\x02"
NEW_LINE = "\n"  # Ctrl-J: a new line in a multi-line answer (Enter submits it)
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return load_bundle()


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


class KeyedAsker(TerminalAsker):
    """TerminalAsker that types the scripted keys for each question just before it is asked."""

    def __init__(self, bundle: Bundle, pipe: PipeInput, keys: Mapping[str, list[str]], review: list[str] | None = None) -> None:
        super().__init__(bundle, input=pipe, output=DummyOutput())
        self.pipe = pipe
        self.keys: dict[str, deque[str]] = defaultdict(deque, {qid: deque(k) for qid, k in keys.items()})
        self.review_keys = deque(review or [ENTER])
        self.asked: list[str] = []
        self.problems: list[str] = []
        self.outcomes_shown = 0

    def ask(self, step: Step) -> Any:
        self.asked.append(step.question.id)
        if step.problem is not None:
            self.problems.append(step.question.id)
        if not self.keys[step.question.id]:
            raise AssertionError(f"unexpected question {step.question.id} (asked so far: {self.asked})")
        self.pipe.send_text(self.keys[step.question.id].popleft())
        return super().ask(step)

    def show_outcome(self, result: Result) -> None:
        self.outcomes_shown += 1

    def review(self, answers: Mapping[str, AnswerValue], result: Result) -> str | None:
        self.pipe.send_text(self.review_keys.popleft())
        if self.review_keys:  # "change": the second prompt picks the question
            self.pipe.send_text(self.review_keys.popleft())
        return super().review(answers, result)


def golden_answers(bundle: Bundle, name: str, without: set[str]) -> dict[str, AnswerValue]:
    presets = read_answers_text((GOLDEN / name).read_text(), name, bundle.checklist("decide"))
    assert not presets.issues
    return {qid: value for qid, value in presets.answers.items() if qid not in without}


def run(bundle: Bundle, asker: KeyedAsker, preset: dict[str, AnswerValue], checklist: str = "decide") -> dict[str, AnswerValue]:
    found = bundle.checklist(checklist)
    outcome = walk(found, preset, asker, lambda answers: evaluate(bundle, found, answers))
    assert not outcome.missing
    return outcome.answers


@pytest.mark.timeout(30)
def test_arrow_keys_choose_options_and_only_missing_questions_are_asked(bundle: Bundle, pipe: PipeInput) -> None:
    preset = golden_answers(bundle, "decide-digital.yaml", without={"preferred_format", "video_comfort", "caring_duties"})
    keys = {
        "preferred_format": [DOWN + DOWN + ENTER],  # in person, hybrid, >digital
        "video_comfort": [DOWN + DOWN + DOWN + ENTER],  # 1, 2, 3, >4
        "caring_duties": [DOWN + ENTER],  # yes, >no
        "override_format": [ENTER],  # default: keep
        "override_reason": [],
        "notes": [ENTER],
    }
    asker = KeyedAsker(bundle, pipe, keys)
    answers = run(bundle, asker, preset)
    assert asker.asked == ["preferred_format", "video_comfort", "caring_duties", "override_format", "notes"]
    assert answers["preferred_format"] == "digital"
    assert answers["video_comfort"] == 4
    assert answers["caring_duties"] == "no"
    assert answers["override_format"] == "keep"
    assert "notes" not in answers  # left empty
    assert asker.outcomes_shown == 1  # the recommendation is shown before "Your decision"


@pytest.mark.timeout(30)
def test_ctrl_b_goes_back_and_the_earlier_answer_can_be_changed(bundle: Bundle, pipe: PipeInput) -> None:
    preset = golden_answers(bundle, "decide-digital.yaml", without={"preferred_format", "video_comfort", "online_agreement"})
    keys = {
        "preferred_format": [ENTER, DOWN + ENTER],  # first "in person"; after going back, "hybrid"
        "video_comfort": [BACK, ENTER],  # back to the first question; then keep the shown default
        "online_agreement": [ENTER],
        "override_format": [ENTER],
        "notes": [ENTER],
    }
    asker = KeyedAsker(bundle, pipe, keys)
    answers = run(bundle, asker, preset)
    assert asker.asked[:4] == ["preferred_format", "video_comfort", "preferred_format", "video_comfort"]
    # Going back put the cursor on the previous answer ("in person"); one step down is "hybrid".
    assert answers["preferred_format"] == "hybrid"
    assert answers["video_comfort"] == 1
    assert answers["online_agreement"] == "agreed"


@pytest.mark.timeout(30)
def test_a_typed_number_out_of_range_is_refused_and_asked_again(bundle: Bundle, pipe: PipeInput) -> None:
    preset = golden_answers(bundle, "decide-digital.yaml", without={"sessions_today"})
    keys = {
        # A refused answer comes back in the box to be mended: cleared here before the next try.
        "sessions_today": ["99" + ENTER, "\x7f" * 2 + "x" + ENTER, "\x7f" + "3" + ENTER],
        "override_format": [ENTER],
        "notes": [ENTER],
    }
    asker = KeyedAsker(bundle, pipe, keys)
    answers = run(bundle, asker, preset)
    assert answers["sessions_today"] == 3
    assert asker.problems.count("sessions_today") == 2  # "99" out of range, "x" not a number


@pytest.mark.timeout(30)
def test_conditions_follow_the_answers_given_at_the_prompt(bundle: Bundle, pipe: PipeInput) -> None:
    preset = golden_answers(bundle, "decide-digital.yaml", without={"device_access", "stable_connection"})
    keys = {"device_access": [DOWN + DOWN + ENTER], "override_format": [ENTER], "notes": [ENTER]}  # >none
    asker = KeyedAsker(bundle, pipe, keys)
    answers = run(bundle, asker, preset)
    assert answers["device_access"] == "none"
    assert "stable_connection" not in asker.asked  # only asked when there is a device
    result = evaluate(bundle, bundle.checklist("decide"), answers)
    assert result.verdict is not None
    assert result.verdict.recommended == "in-person"


@pytest.mark.timeout(30)
def test_review_lets_the_practitioner_change_an_answer_before_the_summary(bundle: Bundle, pipe: PipeInput) -> None:
    preset = golden_answers(bundle, "decide-digital.yaml", without={"override_format"})
    first = next(iter(bundle.checklist("decide").questions())).id
    assert first == "preferred_format"
    # The cursor starts on the current answer (digital); two steps up is "in person".
    keys = {"override_format": [ENTER], "preferred_format": [UP + UP + ENTER], "notes": [ENTER]}
    # Review: Down to "Change an answer", Enter; then Enter on the first question in the list.
    asker = KeyedAsker(bundle, pipe, keys, review=[DOWN + ENTER, ENTER, ENTER])
    answers = run(bundle, asker, preset)
    assert answers["preferred_format"] == "in-person"
    result = evaluate(bundle, bundle.checklist("decide"), answers)
    assert result.verdict is not None
    assert result.verdict.recommended == "in-person"  # their preference for in person is a red flag


@pytest.mark.timeout(30)
def test_multiple_choice_with_space_and_enter(bundle: Bundle, pipe: PipeInput) -> None:
    preset = golden_answers(bundle, "decide-digital.yaml", without={"access_needs"})
    options = [option.value for option in next(q for q in bundle.checklist("decide").questions() if q.id == "access_needs").options or []]
    keys = {
        # Enter with nothing ticked is refused inside the list (it stays open); then the first two.
        "access_needs": [ENTER + SPACE + DOWN + SPACE + ENTER],
        "override_format": [ENTER],
        "notes": [ENTER],
    }
    asker = KeyedAsker(bundle, pipe, keys)
    answers = run(bundle, asker, preset)
    assert answers["access_needs"] == options[:2]
    assert asker.problems == []


@pytest.mark.timeout(30)
def test_an_option_that_stands_alone_cannot_be_ticked_with_another(bundle: Bundle, pipe: PipeInput) -> None:
    preset = golden_answers(bundle, "decide-digital.yaml", without={"access_needs"})
    question = bundle.checklist("decide").question_index["access_needs"]
    options = question.options or []
    alone = next(n for n, option in enumerate(options) if option.exclusive)
    # Tick the first option, go down to "None that matters here" and try to tick it too: refused, so only the first stays.
    keys = {"access_needs": [SPACE + DOWN * alone + SPACE + ENTER], "override_format": [ENTER], "notes": [ENTER]}
    answers = run(bundle, KeyedAsker(bundle, pipe, keys), preset)
    assert answers["access_needs"] == [options[0].value]


@pytest.mark.timeout(30)
def test_enter_on_an_optional_scale_records_nothing(bundle: Bundle, pipe: PipeInput) -> None:
    found = bundle.checklist("decide")
    optional = next(q for q in found.questions() if q.type == "scale" and not q.required and q.default is None)
    preset = golden_answers(bundle, "decide-digital.yaml", without={optional.id})
    keys = {optional.id: [ENTER], "override_format": [ENTER], "notes": [ENTER]}
    answers = run(bundle, KeyedAsker(bundle, pipe, keys), preset)
    assert optional.id not in answers
    result = evaluate(bundle, found, answers)
    assert all(optional.prompt not in finding.because for findings in result.findings.values() for finding in findings)


@pytest.mark.timeout(30)
def test_enter_submits_a_multi_line_answer_and_ctrl_j_starts_a_new_line(bundle: Bundle, pipe: PipeInput) -> None:
    preset = golden_answers(bundle, "decide-digital.yaml", without={"notes"})
    assert bundle.checklist("decide").question_index["notes"].multiline
    keys = {"override_format": [ENTER], "notes": ["first" + NEW_LINE + "second" + ENTER]}
    answers = run(bundle, KeyedAsker(bundle, pipe, keys), preset)
    assert answers["notes"] == "first\nsecond"


@pytest.mark.timeout(30)
def test_an_empty_required_number_is_asked_again_in_words(bundle: Bundle, pipe: PipeInput) -> None:
    preset = golden_answers(bundle, "decide-digital.yaml", without={"sessions_today"})
    keys = {"sessions_today": [ENTER, "2" + ENTER], "override_format": [ENTER], "notes": [ENTER]}
    asker = KeyedAsker(bundle, pipe, keys)
    answers = run(bundle, asker, preset)
    assert answers["sessions_today"] == 2
    assert asker.problems == ["sessions_today"]


@pytest.mark.timeout(30)
def test_ctrl_c_at_a_prompt_raises_keyboard_interrupt(bundle: Bundle, pipe: PipeInput) -> None:
    keys = {"preferred_format": ["\x03"]}
    asker = KeyedAsker(bundle, pipe, keys)
    with pytest.raises(KeyboardInterrupt):
        run(bundle, asker, {})
