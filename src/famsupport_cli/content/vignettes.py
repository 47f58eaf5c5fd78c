"""Case vignettes for trainings, and the words of the training commands.

A vignette (`content/vignettes/<id>.yaml`) is a fictional case: a short story, questions
for discussion, notes for the trainer, and the trainer's reference answers for each
checklist together with the result they lead to. `load_vignettes` checks every file
against the model, checks each reference with the same code that reads answers files
(`read_presets`), walks it as a scripted run would, and checks that it leads to the
stated result, so a broken vignette is one clear error naming file and line.

`content/training.yaml` holds the headings and interface words of `training`, `batch`
and `report` (not translated).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from famsupport_cli.content import yamlfile
from famsupport_cli.content.bundle import Bundle, Problem, shipped_content_dir
from famsupport_cli.content.loader import friendly_message
from famsupport_cli.content.models import Checklist, Identifier, Sourced, Strict
from famsupport_cli.core.conditions import AnswerValue
from famsupport_cli.core.engine import Result, evaluate
from famsupport_cli.core.presets import read_presets
from famsupport_cli.core.walk import NoInputAsker, walk
from famsupport_cli.errors import FamsupportError, invalid_input

VIGNETTE_FOLDER = "vignettes"
YamlPath = tuple[str | int, ...]
TRAINING_TEXT_FILE = "training.yaml"


# --- the models ---------------------------------------------------------------------


class ChecklistReference(Strict):
    """The trainer's answers to one checklist for this case, and what they lead to."""

    # Question id -> answer, exactly as in an answers file (`famsupport template decide`).
    answers: dict[str, Any] = Field(min_length=1)
    # For a checklist with a decision (decide): the recommended outcome the answers lead to,
    # and the final format when the reference chooses differently (an override).
    recommendation: Identifier | None = None
    final_format: Identifier | None = None
    # For a checklist without a decision (reflect): the catalogue recommendations surfaced.
    recommendations: list[Identifier] | None = None
    # Question id -> the trainer's note on why the reference answers it this way.
    why: dict[str, str] = Field(default_factory=dict)


class Vignette(Sourced):
    """One fictional case. No names of real people: roles, or clearly fictional first names."""

    id: Identifier
    title: str
    summary: str = Field(max_length=200)
    story: str
    discussion: list[str] = Field(min_length=1)
    trainer_notes: str
    # Checklist id (decide, reflect) -> the reference.
    reference: dict[Identifier, ChecklistReference] = Field(min_length=1)


class TrainingText(BaseModel):
    """The words of `training`, `batch` and `report`; placeholders in {braces} are filled in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # training list / show
    list_case: str
    list_title: str
    list_recommendation: str
    list_empty: str
    handout_story: str
    handout_discussion: str
    handout_try_it: str
    handout_reference: str
    handout_reference_intro: str
    handout_recommendation: str
    handout_final_choice: str
    handout_recommendations: str
    handout_reference_answers: str
    handout_why: str
    handout_trainer_notes: str
    # training run
    run_intro: str
    compare_title: str
    compare_checklist: str
    compare_same_answers: str
    compare_recommendation: str
    compare_recommendation_same: str
    compare_recommendation_differs: str
    compare_final_choice: str
    compare_yours: str
    compare_reference: str
    compare_reasons: str
    compare_reasons_intro: str
    compare_not_in_result: str
    compare_recommendations: str
    compare_recommendations_same: str
    compare_only_yours: str
    compare_only_reference: str
    compare_differences: str
    compare_no_differences: str
    compare_trainer_note: str
    compare_not_asked: str
    compare_other_findings: str
    compare_text_not_compared: str
    # batch
    batch_progress: str
    batch_file: str
    batch_result: str
    batch_ok: str
    batch_failed: str
    batch_recommendations_count: str
    batch_done: str
    # report
    report_title: str
    report_basis: str
    report_no_names: str
    report_date: str
    report_outcomes: str
    report_final_formats: str
    report_overridden: str
    report_lists: str
    report_item: str
    report_question: str
    report_count: str
    report_share: str
    report_disagreement: str
    report_disagreement_explained: str
    report_disagreement_column: str
    report_most_common: str
    report_answered: str
    report_answers: str
    report_answers_basis: str
    report_answer: str
    report_not_answered: str
    report_text_answered: str
    report_text_empty: str
    report_nothing: str
    report_no_answers: str
    report_saved_to: str


# --- loaded vignettes ---------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A checked reference: the answers that apply (defaults filled in) and their result."""

    checklist_id: str
    answers: dict[str, AnswerValue]
    result: Result
    why: dict[str, str]


@dataclass(frozen=True)
class LoadedVignette:
    vignette: Vignette
    file: str  # how messages name the file
    references: dict[str, Reference]

    @property
    def id(self) -> str:
        return self.vignette.id

    def reference(self, checklist_id: str) -> Reference:
        try:
            return self.references[checklist_id]
        except KeyError:
            raise invalid_input(
                f"The case '{self.id}' has no reference answers for '{checklist_id}'.",
                hint=f"It has: {', '.join(self.references)}.",
            ) from None


def vignette_files(pack: Path | None = None) -> list[tuple[Path, str]]:
    """(path, label) of every vignette file: shipped first; a pack's file of the same name replaces it."""
    found: dict[str, tuple[Path, str]] = {}
    for root, prefix in ((shipped_content_dir(), ""), (pack, f"{pack}/")):
        if root is None:
            continue
        for path in sorted((root / VIGNETTE_FOLDER).glob("*.yaml")):
            found[path.name] = (path, f"{prefix}{VIGNETTE_FOLDER}/{path.name}")
    return [found[name] for name in sorted(found)]


def load_vignettes(bundle: Bundle, pack: Path | None = None) -> list[LoadedVignette]:
    """Every vignette, checked against the content; one error listing every problem otherwise."""
    loaded: list[LoadedVignette] = []
    problems: list[Problem] = []
    for path, label in vignette_files(pack):
        vignette = _read_vignette(path, label, bundle, problems)
        if vignette is not None:
            loaded.append(vignette)
    if problems:
        raise invalid_input(
            f"The case vignettes have {len(problems)} problem{'s' if len(problems) != 1 else ''}.",
            details=[str(problem) for problem in problems],
            hint="Fix the lines named above (a vignette's answers are checked like an answers file).",
        )
    return loaded


def find_vignette(vignettes: list[LoadedVignette], vignette_id: str) -> LoadedVignette:
    for item in vignettes:
        if item.id == vignette_id:
            return item
    raise invalid_input(
        f"There is no case '{vignette_id}'.",
        hint=f"Cases: {', '.join(item.id for item in vignettes) or 'none'} (`famsupport training list`).",
    )


def _read_vignette(path: Path, label: str, bundle: Bundle, problems: list[Problem]) -> LoadedVignette | None:
    try:
        document = yamlfile.parse(path.read_text(encoding="utf-8"), label)
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(label, None, None, "", f"cannot be read: {error}"))
        return None
    except FamsupportError as error:
        problems.append(Problem(label, None, None, "", error.message.removeprefix(f"{label}: ")))
        return None

    def at(where: YamlPath, item: str, message: str) -> None:
        position = document.position(where)
        problems.append(Problem(label, position.line if position else None, position.column if position else None, item, message))

    try:
        vignette = Vignette.model_validate(document.data)
    except ValidationError as error:
        for detail in error.errors():
            location = tuple(detail["loc"])
            at(location, ".".join(str(part) for part in location), friendly_message(detail))
        return None
    if vignette.id != path.stem:
        at(("id",), vignette.id, f"the id must match the file name '{path.name}'")
    for index, source in enumerate(vignette.sources):
        if source not in bundle.sources:
            at(("sources", index), vignette.id, f"unknown source '{source}' (add it to sources.yaml)")
    references: dict[str, Reference] = {}
    count = len(problems)
    for checklist_id, given in vignette.reference.items():
        checklist = bundle.checklists.get(checklist_id)
        if checklist is None:
            at(("reference", checklist_id), checklist_id, f"there is no checklist '{checklist_id}'")
            continue
        reference = _check_reference(bundle, checklist, given, label, _prefixed(at, ("reference", checklist_id)))
        if reference is not None:
            references[checklist_id] = reference
    return LoadedVignette(vignette, label, references) if len(problems) == count else None


def _prefixed(at: Callable[[YamlPath, str, str], None], prefix: YamlPath) -> Callable[[YamlPath, str, str], None]:
    def inner(where: YamlPath, item: str, message: str) -> None:
        at((*prefix, *where), item, message)

    return inner


def _check_reference(
    bundle: Bundle, checklist: Checklist, given: ChecklistReference, label: str, at: Callable[[YamlPath, str, str], None]
) -> Reference | None:
    """Read the answers as an answers file would be read, walk them without prompting, check the result."""
    before = checklist.id
    presets = read_presets(json.dumps(given.answers), label, checklist)
    for issue in presets.issues:
        allowed = f" Allowed: {issue.allowed}." if issue.allowed else ""
        at(("answers", issue.question_id), f"{before}.{issue.question_id}", f"{issue.message}.{allowed}")
    if presets.issues:
        return None
    outcome = walk(checklist, presets.answers, NoInputAsker(), lambda answers: evaluate(bundle, checklist, answers))
    failed = False
    for question in outcome.missing:
        at(("answers",), f"{before}.{question.id}", f'no answer given ("{question.prompt}")')
        failed = True
    for question_id in presets.answers:
        if question_id not in outcome.answers:
            at(("answers", question_id), f"{before}.{question_id}", "this question does not apply with the other answers; leave it out")
            failed = True
    for question_id in given.why:
        if question_id not in outcome.answers:
            at(("why", question_id), f"{before}.{question_id}", "the note is on a question the reference does not answer")
            failed = True
    if failed:
        return None
    result = evaluate(bundle, checklist, outcome.answers)
    if result.verdict is not None:
        if given.recommendation is None:
            at((), before, f"give the `recommendation` these answers lead to ('{result.verdict.recommended}')")
            return None
        if given.recommendation != result.verdict.recommended:
            at(("recommendation",), before, f"the answers lead to '{result.verdict.recommended}', not '{given.recommendation}'")
            return None
        expected_final = given.final_format or given.recommendation
        if expected_final != result.verdict.final:
            at(("final_format",), before, f"the answers lead to the final format '{result.verdict.final}', not '{expected_final}'")
            return None
    else:
        surfaced = [f.recommendation.id for findings in result.findings.values() for f in findings if f.recommendation]
        if given.recommendations is None:
            at((), before, f"give the `recommendations` these answers surface ({', '.join(surfaced) or 'none'})")
            return None
        if sorted(given.recommendations) != sorted(surfaced):
            at(
                ("recommendations",),
                before,
                f"the answers surface [{', '.join(surfaced)}], not [{', '.join(given.recommendations)}]",
            )
            return None
    return Reference(checklist.id, dict(outcome.answers), result, dict(given.why))


# --- the words of the training commands ---------------------------------------------


def load_training_text(pack: Path | None = None) -> TrainingText:
    """content/training.yaml (a pack's own training.yaml replaces it whole)."""
    path = shipped_content_dir() / TRAINING_TEXT_FILE
    label = TRAINING_TEXT_FILE
    if pack is not None and (pack / TRAINING_TEXT_FILE).is_file():
        path, label = pack / TRAINING_TEXT_FILE, f"{pack}/{TRAINING_TEXT_FILE}"
    try:
        document = yamlfile.parse(path.read_text(encoding="utf-8"), label)
    except (OSError, UnicodeDecodeError) as error:
        raise FamsupportError(f"{label} cannot be read: {error}.") from None
    try:
        return TrainingText.model_validate(document.data)
    except ValidationError as error:
        details = []
        for detail in error.errors():
            location = tuple(detail["loc"])
            position = document.position(location)
            where = f"{label}:{position.line}:{position.column}" if position else label
            details.append(f"{where} [{'.'.join(str(part) for part in location)}]: {friendly_message(detail)}")
        raise invalid_input(f"{label} has {len(details)} problem(s).", details=details) from None
