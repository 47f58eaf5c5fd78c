"""The shipped content is complete and consistent, and broken content packs are reported precisely."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import RunCli
from famsupport_cli.checks.content import load_bundle
from famsupport_cli.content import yamlfile
from famsupport_cli.content.loader import Bundle, shipped_content_dir
from famsupport_cli.content.models import Checklist, Condition, QuestionRef, choice_values
from famsupport_cli.content.models import tests_in as leaf_tests
from famsupport_cli.errors import ExitCode, FamsupportError

CONTENT_FILES = ["sources.yaml", "ui.yaml", "recommendations.yaml", "checklists/decide.yaml", "checklists/reflect.yaml"]


# --- the shipped content ------------------------------------------------------------------


def test_shipped_content_dir_holds_every_content_file() -> None:
    root = shipped_content_dir()
    for relative in CONTENT_FILES:
        assert (root / relative).is_file(), relative


@pytest.mark.parametrize("relative", CONTENT_FILES)
def test_every_shipped_yaml_file_parses(relative: str) -> None:
    text = (shipped_content_dir() / relative).read_text(encoding="utf-8")
    document = yamlfile.parse(text, relative)
    assert isinstance(document.data, dict) and document.data


def test_shipped_content_loads_without_problems_or_warnings(bundle: Bundle) -> None:
    assert set(bundle.checklists) == {"decide", "reflect"}
    # The loader warns, for example, about a catalogue recommendation no rule surfaces.
    assert bundle.warnings == ()


def _sources_used(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every (where, source id) under a `sources:` key of a content file, found independently of the loader."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "sources" and isinstance(value, list) and all(isinstance(item, str) for item in value):
                for item in value:
                    yield f"{path}.sources", item
            else:
                yield from _sources_used(value, f"{path}.{key}")
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _sources_used(item, f"{path}[{index}]")


@pytest.mark.parametrize("relative", ["recommendations.yaml", "checklists/decide.yaml", "checklists/reflect.yaml"])
def test_every_source_id_used_exists_in_sources_yaml(relative: str, bundle: Bundle) -> None:
    data = yamlfile.parse((shipped_content_dir() / relative).read_text(encoding="utf-8"), relative).data
    used = list(_sources_used(data))
    assert used, "every content item cites sources"
    unknown = [(where, source) for where, source in used if source not in bundle.sources]
    assert unknown == []


def test_source_ids_are_unique_and_every_source_is_cited(bundle: Bundle) -> None:
    raw = yamlfile.parse((shipped_content_dir() / "sources.yaml").read_text(encoding="utf-8"), "sources.yaml").data
    ids = [source["id"] for source in raw["sources"]]
    assert len(ids) == len(set(ids))
    cited: set[str] = set()
    for relative in ("recommendations.yaml", "checklists/decide.yaml", "checklists/reflect.yaml"):
        data = yamlfile.parse((shipped_content_dir() / relative).read_text(encoding="utf-8"), relative).data
        cited |= {source for _, source in _sources_used(data)}
    assert set(ids) - cited == set(), "a source nobody cites would show up nowhere"


def test_every_catalogue_recommendation_is_surfaced_by_some_reflect_rule(bundle: Bundle) -> None:
    surfaced = {rule.recommendation for rule in bundle.checklists["reflect"].rules if rule.recommendation}
    catalogue = {item.id for item in bundle.recommendations.recommendations}
    assert catalogue - surfaced == set()
    assert surfaced <= catalogue


def test_catalogue_levels_and_ids(bundle: Bundle) -> None:
    levels = [level.id for level in bundle.recommendations.levels]
    assert levels == ["personal", "organisational", "macro"]
    ids = [item.id for item in bundle.recommendations.recommendations]
    assert len(ids) == len(set(ids))
    for item in bundle.recommendations.recommendations:
        assert item.level in levels
        assert item.try_, item.id
    for level in levels:
        assert any(item.level == level for item in bundle.recommendations.recommendations), level


def _conditions(checklist: Checklist) -> Iterator[tuple[str, Condition, int | None]]:
    """(owner, condition, index of the question it belongs to, if any) for every condition in a checklist."""
    order = [question.id for question in checklist.questions()]
    for question in checklist.questions():
        if question.when is not None:
            yield question.id, question.when, order.index(question.id)
    if checklist.decision is not None:
        for flag in checklist.decision.red_flags:
            yield flag.id, flag.when, None
        for criterion in checklist.decision.criteria:
            yield criterion.id, criterion.holds, None
            if criterion.unsure is not None:
                yield criterion.id, criterion.unsure, None
    for rule in checklist.rules:
        if rule.when is not None:
            yield rule.id, rule.when, None


@pytest.mark.parametrize("checklist_id", ["decide", "reflect"])
def test_every_condition_names_existing_questions_and_possible_answers(checklist_id: str, bundle: Bundle) -> None:
    checklist = bundle.checklists[checklist_id]
    questions = {question.id: question for question in checklist.questions()}
    order = list(questions)
    checked = 0
    for owner, condition, position in _conditions(checklist):
        for test in leaf_tests(condition):
            refs = [test.question] + [b.question for b in (test.gte, test.lte, test.gt, test.lt) if isinstance(b, QuestionRef)]
            facts = {fact.id: fact for fact in checklist.facts}  # values the tool works out, usable like answers
            for ref in refs:
                assert ref in questions or (ref in facts and position is None), f"{owner} looks at unknown question {ref}"
                if position is not None:
                    assert order.index(ref) < position, f"{owner} depends on {ref}, which is asked later"
            if test.question in facts:
                fact = facts[test.question]
                if fact.type == "yesno" and test.equals is not None:
                    assert test.equals in ("yes", "no"), f"{owner}: {test.equals!r} is not a value of fact {fact.id}"
                checked += 1
                continue
            target = questions[test.question]
            values = [test.equals] if test.equals is not None else list(test.in_ or test.includes_any or [])
            values += [test.includes] if test.includes else []
            if target.type in ("single", "multiple", "yesno"):
                for value in values:
                    assert value in choice_values(target), f"{owner}: {value!r} is not an answer to {target.id}"
            if test.includes is not None or test.includes_any is not None:
                assert target.type == "multiple", f"{owner}: includes on a {target.type} question"
            if any(b is not None for b in (test.gte, test.lte, test.gt, test.lt)):
                assert target.type in ("number", "scale"), f"{owner}: a comparison on a {target.type} question"
            checked += 1
    assert checked > 10


@pytest.mark.parametrize("checklist_id", ["decide", "reflect"])
def test_every_rule_resolves(checklist_id: str, bundle: Bundle) -> None:
    checklist = bundle.checklists[checklist_id]
    lists = {finding_list.id for finding_list in checklist.lists}
    catalogue = {item.id for item in bundle.recommendations.recommendations}
    outcomes = {outcome.value for outcome in checklist.decision.outcomes} if checklist.decision else set()
    rule_ids = [rule.id for rule in checklist.rules]
    assert len(rule_ids) == len(set(rule_ids))
    for rule in checklist.rules:
        assert rule.add_to in lists, rule.id
        assert rule.recommendation is None or rule.recommendation in catalogue, rule.id
        assert set(rule.for_outcomes or []) <= outcomes, rule.id
        assert rule.because.strip(), rule.id
    # Every declared list can be filled by at least one rule.
    assert lists == {rule.add_to for rule in checklist.rules}


def test_decision_refers_to_declared_outcomes_and_questions(bundle: Bundle) -> None:
    checklist = bundle.checklists["decide"]
    decision = checklist.decision
    assert decision is not None
    outcomes = [outcome.value for outcome in decision.outcomes]
    assert outcomes == ["in-person", "hybrid", "digital"]
    assert decision.red_flag_outcome == "in-person"
    assert decision.all_hold_outcome == "digital"
    assert decision.mixed_outcome == "hybrid"
    questions = {question.id for question in checklist.questions()}
    assert decision.preference_question in questions
    assert decision.override is not None
    assert {decision.override.format_question, decision.override.reason_question} <= questions
    ids = [flag.id for flag in decision.red_flags] + [criterion.id for criterion in decision.criteria]
    assert len(ids) == len(set(ids))
    assert decision.red_flags and decision.criteria


@pytest.mark.parametrize("checklist_id", ["decide", "reflect"])
def test_choice_questions_have_options_and_ids_are_unique(checklist_id: str, bundle: Bundle) -> None:
    checklist = bundle.checklists[checklist_id]
    ids = [question.id for question in checklist.questions()]
    assert len(ids) == len(set(ids))
    for question in checklist.questions():
        if question.type in ("single", "multiple"):
            assert question.options, question.id
            values = [option.value for option in question.options]
            assert len(values) == len(set(values)), question.id
        if question.type == "scale":
            assert question.min is not None and question.max is not None and question.min < question.max, question.id


@pytest.mark.parametrize("checklist_id", ["decide", "reflect"])
def test_no_question_asks_for_a_name(checklist_id: str, bundle: Bundle) -> None:
    asks_for_identity = re.compile(r"\b(names?|surname|address|date of birth)\b", re.IGNORECASE)
    for question in bundle.checklists[checklist_id].questions():
        assert not asks_for_identity.search(question.prompt), question.prompt
        assert "name" not in question.prompt.lower(), question.prompt
        for option in question.options or []:
            assert "name" not in option.label.lower(), option.label


def test_override_choices_are_the_outcomes(bundle: Bundle) -> None:
    checklist = bundle.checklists["decide"]
    decision = checklist.decision
    assert decision is not None and decision.override is not None
    question = next(q for q in checklist.questions() if q.id == decision.override.format_question)
    offered = [option.value for option in question.options or [] if option.value != decision.override.keep_value]
    outcomes = [outcome.value for outcome in decision.outcomes]
    assert set(offered) <= set(outcomes)
    assert sorted(offered) == sorted(outcomes), "the practitioner can choose any of the formats"
    assert decision.override.keep_value in [option.value for option in question.options or []]


def test_reflect_session_format_matches_the_decide_outcomes(bundle: Bundle) -> None:
    reflect = bundle.checklists["reflect"]
    decision = bundle.checklists["decide"].decision
    assert decision is not None
    assert reflect.after_question == "session_format"
    session_format = next(q for q in reflect.questions() if q.id == "session_format")
    assert [option.value for option in session_format.options or []] == [outcome.value for outcome in decision.outcomes]


# --- broken content packs -----------------------------------------------------------------


@dataclass(frozen=True)
class Breakage:
    """One way to break a copy of the shipped content: which file, what to replace, the line to blame."""

    file: str
    old: str
    new: str
    blamed_line: str  # a line of the new text whose number the error must name
    also_ok: str | None = None  # another line that would be equally right to name


BREAKAGES = {
    "yaml-syntax-error": Breakage(
        "checklists/reflect.yaml", '    title: "The session"\n', "    title: The session: now\n", "    title: The session: now"
    ),
    "yaml-syntax-error-sources": Breakage(
        "sources.yaml",
        "  - id: ran-2024-trust-call\n    kind: related\n",
        "  - id: ran-2024-trust-call\n\tkind: related\n",
        "\tkind: related",
    ),
    "unknown-key": Breakage(
        "checklists/decide.yaml",
        '        prompt: "Do caring duties make it hard for them to travel?"\n',
        '        prompt: "Do caring duties make it hard for them to travel?"\n        colour: blue\n',
        "        colour: blue",
    ),
    "wrong-type": Breakage(
        "checklists/decide.yaml",
        "        min: 1\n        max: 20\n        default: 4\n",
        "        min: 1\n        max: lots\n        default: 4\n",
        "        max: lots",
    ),
    "duplicate-question-id": Breakage(
        "checklists/decide.yaml",
        "      - id: notes\n",
        "      - id: cameras\n",
        "      - id: cameras",  # the second one (the repeat)
        also_ok="      - id: cameras",
    ),
    "condition-names-missing-question": Breakage(
        "checklists/decide.yaml",
        "        when: {question: device_access, in: [own, shared]}\n",
        "        when: {question: device_acess, in: [own, shared]}\n",
        "        when: {question: device_acess, in: [own, shared]}",
    ),
    "unknown-source-id": Breakage(
        "checklists/decide.yaml",
        "        sources: [ran-2022-hybrid, famsupport-synthesis]\n\n      - id: caring_duties\n",
        "        sources: [ran-2022-hybrid, no-such-source]\n\n      - id: caring_duties\n",
        "        sources: [ran-2022-hybrid, no-such-source]",
    ),
    "rule-with-unknown-list": Breakage(
        "checklists/decide.yaml",
        "  - id: agree_recording\n    add_to: agreements\n",
        "  - id: agree_recording\n    add_to: agreemens\n",
        "    add_to: agreemens",
    ),
    "rule-with-unknown-recommendation": Breakage(
        "checklists/reflect.yaml",
        "    recommendation: safe-space-to-discuss-cases\n",
        "    recommendation: safe-space-to-discus\n",
        "    recommendation: safe-space-to-discus",
    ),
    "ui-unknown-key": Breakage(
        "ui.yaml", 'saved_to: "Summary saved to {path}"\n', 'saved_to: "Summary saved to {path}"\nsaved_too: "typo"\n', 'saved_too: "typo"'
    ),
    "ui-wrong-type": Breakage(
        "ui.yaml", 'not_answered: "not answered"\n', "not_answered: [not, answered]\n", "not_answered: [not, answered]"
    ),
    "rule-with-unknown-outcome": Breakage(
        "checklists/decide.yaml",
        "  - id: agree_cameras\n    add_to: agreements\n    for_outcomes: [hybrid, digital]\n",
        "  - id: agree_cameras\n    add_to: agreements\n    for_outcomes: [hybrid, online]\n",
        "    for_outcomes: [hybrid, online]",
    ),
}


def _line_numbers(text: str, line: str) -> list[int]:
    return [number for number, candidate in enumerate(text.splitlines(), start=1) if candidate == line]


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A private copy of the shipped content, to break."""
    target = tmp_path / "pack"
    shutil.copytree(shipped_content_dir(), target)
    return target


def _break(pack: Path, breakage: Breakage) -> list[str]:
    """Apply the breakage; return the `file:line` strings an error may name."""
    path = pack / breakage.file
    text = path.read_text(encoding="utf-8")
    assert text.count(breakage.old) == 1, f"the shipped {breakage.file} changed; update the test"
    text = text.replace(breakage.old, breakage.new)
    path.write_text(text, encoding="utf-8")
    lines = _line_numbers(text, breakage.blamed_line)
    assert lines, breakage.blamed_line
    # For a duplicate, the repeat is the natural line to blame; the first occurrence is acceptable too.
    candidates = lines if breakage.also_ok else lines[-1:]
    return [f"{breakage.file}:{number}:" for number in candidates]


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_broken_pack_raises_with_file_and_line(name: str, pack: Path) -> None:
    expected = _break(pack, BREAKAGES[name])
    with pytest.raises(FamsupportError) as caught:
        load_bundle(pack)
    error = caught.value
    assert error.exit_code == ExitCode.INVALID_INPUT == 2
    assert error.details, error.message
    assert any(where in detail for detail in error.details for where in expected), (expected, error.details)


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_broken_pack_through_the_cli(name: str, pack: Path, run: RunCli) -> None:
    expected = _break(pack, BREAKAGES[name])
    result = run("decide", "--content", pack, "--no-input", "--output", "-")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert any(where in result.stderr for where in expected), (expected, result.stderr)


def test_broken_pack_through_the_environment(pack: Path, run: RunCli) -> None:
    _break(pack, BREAKAGES["unknown-key"])
    result = run("reflect", "--no-input", "--output", "-", env={"FAMSUPPORT_CONTENT": str(pack)})
    assert result.exit_code == 2
    assert "checklists/decide.yaml" in result.stderr
    assert "colour" in result.stderr


def test_every_problem_is_listed_at_once(pack: Path) -> None:
    # One problem in each checklist: neither hides the other.
    expected = _break(pack, BREAKAGES["unknown-key"]) + _break(pack, BREAKAGES["rule-with-unknown-recommendation"])
    with pytest.raises(FamsupportError) as caught:
        load_bundle(pack)
    assert "2 problems" in caught.value.message
    for where in expected:
        assert any(where in detail for detail in caught.value.details), (where, caught.value.details)


@pytest.mark.parametrize("missing", ["ui.yaml", "sources.yaml", "recommendations.yaml"])
def test_a_missing_base_content_file_is_named(missing: str, pack: Path, run: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    # A pack may leave files out (it only adds and overrides); the base content may not.
    monkeypatch.setattr("famsupport_cli.content.loader.shipped_content_dir", lambda: pack)
    (pack / missing).unlink()
    with pytest.raises(FamsupportError) as caught:
        load_bundle()
    assert caught.value.exit_code == 2
    assert any(missing in detail for detail in caught.value.details), caught.value.details
    result = run("decide", "--no-input", "--output", "-")
    assert result.exit_code == 2
    assert missing in result.stderr


@pytest.mark.parametrize("missing", ["ui.yaml", "sources.yaml", "recommendations.yaml"])
def test_a_pack_may_leave_files_out(missing: str, pack: Path) -> None:
    (pack / missing).unlink()
    assert load_bundle(pack).checklist("decide").id == "decide"


def test_a_missing_content_folder_exits_2(tmp_path: Path, run: RunCli) -> None:
    result = run("decide", "--content", tmp_path / "nowhere", "--no-input", "--output", "-")
    assert result.exit_code == 2
    assert "nowhere" in result.stderr


def test_a_checklist_whose_id_differs_from_its_file_name(pack: Path) -> None:
    expected = _break(pack, Breakage("checklists/reflect.yaml", "id: reflect\n", "id: reflection\n", "id: reflection"))
    with pytest.raises(FamsupportError) as caught:
        load_bundle(pack)
    assert any(where in detail for detail in caught.value.details for where in expected), caught.value.details


def _commands_in_hint(stderr: str) -> Iterator[list[str]]:
    for line in stderr.splitlines():
        for command in re.findall(r"`famsupport ([^`]*)`", line):
            yield [word for word in command.split() if not word.isupper()]


def test_commands_suggested_by_a_content_error_exist(pack: Path, run: RunCli) -> None:
    _break(pack, BREAKAGES["unknown-key"])
    result = run("decide", "--content", pack, "--no-input", "--output", "-")
    assert result.exit_code == 2
    suggested = list(_commands_in_hint(result.stderr))
    for words in suggested:
        # Following the hint must work: the suggested command exists.
        assert run(*words, "--help").exit_code == 0, f"the hint suggests `famsupport {' '.join(words)}`, which does not exist"


def test_a_pack_with_an_extra_checklist_is_usable(pack: Path, run: RunCli, write_answers: Callable[..., Path]) -> None:
    # A content pack may add a checklist; it runs through the same walk.
    (pack / "checklists" / "tiny.yaml").write_text(
        "id: tiny\n"
        'version: "1"\n'
        "title: Tiny\n"
        "intro: A test checklist.\n"
        "sections:\n"
        "  - id: only\n"
        "    title: Only\n"
        "    questions:\n"
        "      - id: ok\n"
        "        type: yesno\n"
        "        prompt: Is it fine?\n"
        "        sources: [famsupport-synthesis]\n",
        encoding="utf-8",
    )
    bundle = load_bundle(pack)
    assert "tiny" in bundle.checklists
    result = run("template", "tiny", "--content", pack)
    assert result.exit_code == 0
    assert "ok:" in result.stdout


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('saved_to: "Summary saved to {path}"\n', 'saved_to: "Summary saved to {folder}"\n', "[saved_to]: unknown placeholder {folder}"),
        ('saved_to: "Summary saved to {path}"\n', 'saved_to: "Summary saved to {path"\n', "[saved_to]: "),
    ],
)
def test_interface_texts_are_checked(old: str, new: str, expected: str, pack: Path) -> None:
    """ui.yaml: only the {placeholders} the tool fills in, with their braces closed."""
    ui = pack / "ui.yaml"
    text = ui.read_text(encoding="utf-8")
    assert text.count(old) == 1
    ui.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(FamsupportError) as caught:
        load_bundle(pack)
    assert any("ui.yaml" in detail and expected in detail for detail in caught.value.details), caught.value.details
