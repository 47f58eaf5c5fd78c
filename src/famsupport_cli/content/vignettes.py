"""Case vignettes for trainings, and the words of the training commands.

A vignette (`content/vignettes/<id>.yaml`) is a fictional case: a short story, questions
for discussion, notes for the trainer, and the trainer's reference answers for each
checklist together with the result they lead to. `load_vignettes` checks every file
against the model, checks each reference with the same code that reads answers files
(`read_presets`), walks it as a scripted run would, and checks that it leads to the
stated result, so a broken vignette is one clear error naming file and line.

`content/training.yaml` holds the headings and interface words of `training`, `batch`
and `report`; its placeholders in {braces} are checked like ui.yaml's.

Both are translated like the rest of the content: `i18n/<lang>/training.yaml` and
`i18n/<lang>/vignettes/<id>.yaml` (shipped, and in a pack) are laid over the English with
`overlay.merge_layers`, texts only. A vignette translation may reword the title, summary,
story, questions for discussion, trainer notes and `why` notes, never ids, answers or
results; a training.yaml translation rewords every text and keeps its placeholders. A text
missing from a translation is shown in English, with one note on stderr naming the file or
cases, and `famsupport content validate --lang <lang>` lists each (`check_training_content`).
A pack's own vignette or training.yaml replaces the shipped one whole, and then only the
pack's translations apply to it.
"""

from __future__ import annotations

import json
import string
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from famsupport_cli.content import overlay, yamlfile
from famsupport_cli.content.bundle import Bundle, Problem, shipped_content_dir
from famsupport_cli.content.loader import friendly_message
from famsupport_cli.content.models import Checklist, Identifier, Sourced, Strict
from famsupport_cli.core.conditions import AnswerValue
from famsupport_cli.core.engine import Result, evaluate
from famsupport_cli.core.presets import read_presets
from famsupport_cli.core.walk import NoInputAsker, walk
from famsupport_cli.errors import FamsupportError, invalid_input
from famsupport_cli.messages import Text

VIGNETTE_FOLDER = "vignettes"
YamlPath = tuple[str | int, ...]
TRAINING_TEXT_FILE = "training.yaml"
I18N_FOLDER = "i18n"
# What a vignette translation may reword; `why` maps question ids to notes, each of them text.
VIGNETTE_TEXT_KEYS = frozenset({"title", "summary", "story", "discussion", "trainer_notes", "why"})
VIGNETTE_TEXT_MAPS = frozenset({"why"})
NOT_TRANSLATED = "not translated into '{language}'; English is shown"  # as the loader words it

# The placeholders each training text is filled with; a text may use these and no others,
# and a translation keeps those of the text it translates.
TRAINING_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "handout_try_it": frozenset({"id"}),
    "run_intro": frozenset({"title"}),
    "compare_title": frozenset({"title"}),
    "compare_checklist": frozenset({"checklist"}),
    "compare_same_answers": frozenset({"same", "total"}),
    "compare_recommendation_same": frozenset({"recommendation"}),
    "compare_recommendation_differs": frozenset({"reference", "yours"}),
    "compare_final_choice": frozenset({"reference", "yours"}),
    "batch_recommendations_count": frozenset({"count"}),
    "batch_done": frozenset({"folder", "ok", "total"}),
    "report_title": frozenset({"checklist"}),
    "report_basis": frozenset({"answers", "participants", "summaries"}),
    "report_overridden": frozenset({"count", "total"}),
    "report_lists": frozenset({"title"}),
    "report_answers_basis": frozenset({"count"}),
    "report_saved_to": frozenset({"path"}),
    "report_most_often": frozenset({"count", "outcome", "total"}),
    "report_most_often_tie": frozenset({"count", "outcomes", "total"}),
    "report_tie": frozenset({"answers", "share"}),
    "report_private_left_out": frozenset({"section"}),
    "report_case": frozenset({"title"}),
    "report_case_recommendation": frozenset({"matched", "of", "recommendation"}),
    "report_case_recommendations": frozenset({"matched", "of", "recommendations"}),
    "report_matched_of": frozenset({"matched", "of"}),
    "report_case_wrong_kind": frozenset({"case", "checklist"}),
    "report_case_wrong_kind_hint": frozenset({"checklists"}),
}


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

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

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
    report_recommendation: str
    report_most_often: str
    report_most_often_tie: str
    report_tie: str
    report_not_asked: str
    report_private_left_out: str
    # report --case
    report_case: str
    report_case_intro: str
    report_case_recommendation: str
    report_case_recommendations: str
    report_case_no_summaries: str
    report_reference_answer: str
    report_same_answer: str
    report_matched_of: str
    report_trainer_note: str
    report_none: str
    report_case_wrong_kind: str
    report_case_wrong_kind_hint: str


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
                Text("case_has_no_reference", case=self.id, checklist=checklist_id),
                hint=Text("case_references", checklists=", ".join(self.references)),
            ) from None


def _roots(pack: Path | None) -> list[tuple[Path, str]]:
    """(folder, how messages name it): the shipped content, then the pack (unless it is the shipped content)."""
    shipped = shipped_content_dir()
    roots = [(shipped, "")]
    if pack is not None and pack.resolve() != shipped.resolve():
        roots.append((pack, f"{pack}/"))
    return roots


def _vignette_files(roots: list[tuple[Path, str]]) -> list[tuple[Path, str, int]]:
    """(path, label, index of its root) of every vignette; a later root's file of the same name replaces it."""
    found: dict[str, tuple[Path, str, int]] = {}
    for index, (root, prefix) in enumerate(roots):
        for path in sorted((root / VIGNETTE_FOLDER).glob("*.yaml")):
            found[path.name] = (path, f"{prefix}{VIGNETTE_FOLDER}/{path.name}", index)
    return [found[name] for name in sorted(found)]


def vignette_files(pack: Path | None = None) -> list[tuple[Path, str]]:
    """(path, label) of every vignette file: shipped first; a pack's file of the same name replaces it."""
    return [(path, label) for path, label, _ in _vignette_files(_roots(pack))]


@dataclass
class _Checked:
    """What checking found: the usable vignettes, every problem, and how many texts each case shows in English."""

    vignettes: list[LoadedVignette] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    untranslated: dict[str, int] = field(default_factory=dict)


def _check_vignettes(bundle: Bundle, pack: Path | None) -> _Checked:
    roots = _roots(pack)
    checked = _Checked()
    files = _vignette_files(roots)
    for path, label, root_index in files:
        vignette = _read_vignette(path, label, bundle, checked, roots[root_index:])
        if vignette is not None:
            checked.vignettes.append(vignette)
    if bundle.language != "en":
        names = {path.name for path, _, _ in files}
        for root, prefix in roots:
            folder = f"{I18N_FOLDER}/{bundle.language}/{VIGNETTE_FOLDER}"
            for path in sorted((root / folder).glob("*.yaml")):
                if path.name not in names:
                    message = f"there is no case '{path.stem}' to translate ({VIGNETTE_FOLDER}/{path.name}); this file is not used"
                    checked.problems.append(Problem(f"{prefix}{folder}/{path.name}", None, None, path.stem, message, "warning"))
    return checked


def load_vignettes(bundle: Bundle, pack: Path | None = None) -> list[LoadedVignette]:
    """Every vignette in the bundle's language, checked against the content; one error listing every problem otherwise.

    Texts missing from the translation are shown in English, with one note on stderr naming the cases.
    """
    checked = _check_vignettes(bundle, pack)
    errors = [problem for problem in checked.problems if problem.severity == "error"]
    if errors:
        raise invalid_input(
            Text("vignettes_problems", count=len(errors)),
            details=[str(problem) for problem in errors],
            hint=Text("vignettes_problems_hint"),
        )
    if checked.untranslated:
        count, cases = sum(checked.untranslated.values()), ", ".join(sorted(checked.untranslated))
        _note(Text("untranslated_cases", count=count, cases=cases, language=bundle.language, folder=_folder(pack)))
    return checked.vignettes


def check_training_content(bundle: Bundle, pack: Path | None = None) -> list[Problem]:
    """For `content validate`: every problem of training.yaml and the vignettes in the bundle's language.

    Errors and warnings (each text missing from the translation is a warning), as the loader reports them.
    """
    _, problems, _ = _check_training_text(pack, bundle.language)
    return problems + _check_vignettes(bundle, pack).problems


def _note(text: Text) -> None:
    """One note on stderr (what is not translated), worded like the loader's."""
    from famsupport_cli.io import display

    display.note(str(text))


def _folder(pack: Path | None) -> str:
    """The pack as it goes into a `famsupport content validate` command line."""
    return f" {pack}" if pack is not None else ""


def find_vignette(vignettes: list[LoadedVignette], vignette_id: str) -> LoadedVignette:
    for item in vignettes:
        if item.id == vignette_id:
            return item
    cases = ", ".join(item.id for item in vignettes) or Text("none")
    raise invalid_input(Text("no_such_case", case=vignette_id), hint=Text("cases_hint", cases=cases))


# --- reading a file and its translations ------------------------------------------------


def _source(path: Path, label: str, problems: list[Problem], **kind: Any) -> overlay.Source | None:
    """One layer of a file; None if it does not exist, or cannot be read (a problem says why)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(label, None, None, "", f"cannot be read: {error}"))
        return None
    try:
        document = yamlfile.parse(text, label)
    except yamlfile.YamlSyntaxError as error:
        problems.append(Problem(label, error.line, error.column, "", f"not valid YAML: {error.problem}"))
        return None
    except FamsupportError as error:
        problems.append(Problem(label, None, None, "", error.message.removeprefix(f"{label}: ")))
        return None
    return overlay.Source(label, document, **kind)


def _translated(
    base: overlay.Source, relative: str, roots: list[tuple[Path, str]], language: str, problems: list[Problem], **kind: Any
) -> tuple[overlay.Merged, list[str]]:
    """`base` with the `language` translations of `relative` from `roots` laid over it (texts only).

    Returns the merged file and the readable paths of the texts left in English. A translation
    that changes anything but text is an error naming its file and line.
    """
    translations: list[overlay.Source] = []
    if language != "en":
        for root, prefix in roots:
            relative_translation = f"{I18N_FOLDER}/{language}/{relative}"
            layer = _source(root / relative_translation, f"{prefix}{relative_translation}", problems, translation=True, **kind)
            if layer is not None:
                translations.append(layer)
    merged = overlay.merge_layers([base, *translations])
    for issue in merged.issues:
        position = issue.source.document.position(issue.path)
        message = issue.message
        if issue.source.translation and message.endswith("; it is ignored"):
            message = message.removesuffix("; it is ignored") + " (a translation holds only texts): leave it out, or write it as in English"
        problems.append(
            Problem(issue.source.label, position.line if position else None, position.column if position else None, issue.item, message)
        )
    if language == "en":
        return merged, []
    text = {key: kind[key] for key in ("all_text", "text_keys", "text_maps") if key in kind}
    return merged, overlay.untranslated(merged, base.document.data, **text)


def _locator(merged: overlay.Merged, fallback: str, problems: list[Problem]) -> Callable[..., None]:
    """A function that records a problem at a merged path, naming the file and line the text came from."""

    def at(where: YamlPath, item: str, message: str, severity: str = "error") -> None:
        label, position = merged.locate(where)
        problems.append(
            Problem(label or fallback, position.line if position else None, position.column if position else None, item, message, severity)
        )

    return at


def _errors(problems: list[Problem]) -> int:
    return sum(1 for problem in problems if problem.severity == "error")


# --- vignettes ------------------------------------------------------------------------------


def _read_vignette(path: Path, label: str, bundle: Bundle, checked: _Checked, roots: list[tuple[Path, str]]) -> LoadedVignette | None:
    problems = checked.problems
    count = _errors(problems)
    base = _source(path, label, problems)
    if base is None:
        return None
    relative = f"{VIGNETTE_FOLDER}/{path.name}"
    merged, untranslated = _translated(
        base, relative, roots, bundle.language, problems, text_keys=VIGNETTE_TEXT_KEYS, text_maps=VIGNETTE_TEXT_MAPS
    )
    at = _locator(merged, label, problems)
    for text in untranslated:
        problems.append(
            Problem(
                f"{I18N_FOLDER}/{bundle.language}/{relative}", None, None, text, NOT_TRANSLATED.format(language=bundle.language), "warning"
            )
        )
    if untranslated:
        checked.untranslated[path.stem] = len(untranslated)
    english = base.document.data.get("discussion") if isinstance(base.document.data, dict) else None
    translated = merged.data.get("discussion") if isinstance(merged.data, dict) else None
    if (
        ("discussion",) in merged.translated
        and isinstance(english, list)
        and isinstance(translated, list)
        and len(english) != len(translated)
    ):
        at(
            ("discussion",),
            "discussion",
            f"the English has {len(english)} questions for discussion, this translation {len(translated)}: translate each of them",
            "warning",
        )

    try:
        vignette = Vignette.model_validate(merged.data)
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
    for checklist_id, given in vignette.reference.items():
        checklist = bundle.checklists.get(checklist_id)
        if checklist is None:
            at(("reference", checklist_id), checklist_id, f"there is no checklist '{checklist_id}'")
            continue
        reference = _check_reference(bundle, checklist, given, label, _prefixed(at, ("reference", checklist_id)))
        if reference is not None:
            references[checklist_id] = reference
    return LoadedVignette(vignette, label, references) if _errors(problems) == count else None


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


class TrainingWords(NamedTuple):
    words: TrainingText
    untranslated: int  # how many are left in English


def load_training_text(pack: Path | None = None, bundle: Bundle | None = None) -> TrainingText:
    """content/training.yaml in the bundle's language (a pack's own training.yaml replaces it whole).

    Without a bundle, in English. Texts missing from the translation are shown in English,
    with one note on stderr.
    """
    from famsupport_cli.io.cache import cached

    language = bundle.language if bundle is not None else "en"
    # Cached with the content: validating the words builds pydantic validators, which costs
    # batch and report ~20 ms at every start (pydantic then also looks for plugins).
    words, untranslated = cached("training", pack, language, lambda: _training_text(pack, language), TrainingWords, [sys.modules[__name__]])
    if untranslated:
        _note(Text("untranslated_training_words", count=untranslated, file=TRAINING_TEXT_FILE, language=language, folder=_folder(pack)))
    return words


def _training_text(pack: Path | None, language: str) -> TrainingWords:
    """The words and how many are left in English; raises FamsupportError if they are broken."""
    words, problems, untranslated = _check_training_text(pack, language)
    errors = [problem for problem in problems if problem.severity == "error"]
    if words is None or errors:
        where = TRAINING_TEXT_FILE if language == "en" else f"{TRAINING_TEXT_FILE} or its '{language}' translation"
        raise invalid_input(
            Text("file_problems", file=where, count=len(errors)),
            details=[str(problem) for problem in errors],
            hint=Text("fix_lines_named_above"),
        )
    return TrainingWords(words, untranslated)


def _check_training_text(pack: Path | None, language: str) -> tuple[TrainingText | None, list[Problem], int]:
    """The words (None if broken), every problem, and how many texts are left in English."""
    roots = _roots(pack)
    index = len(roots) - 1 if (roots[-1][0] / TRAINING_TEXT_FILE).is_file() else 0
    root, prefix = roots[index]
    label = f"{prefix}{TRAINING_TEXT_FILE}"
    problems: list[Problem] = []
    base = _source(root / TRAINING_TEXT_FILE, label, problems)
    if base is None:
        return None, problems or [Problem(label, None, None, "", "this file is missing")], 0
    merged, untranslated = _translated(base, TRAINING_TEXT_FILE, roots[index:], language, problems, all_text=True)
    at = _locator(merged, label, problems)
    for text in untranslated:
        problems.append(
            Problem(f"{I18N_FOLDER}/{language}/{TRAINING_TEXT_FILE}", None, None, text, NOT_TRANSLATED.format(language=language), "warning")
        )
    try:
        words = TrainingText.model_validate(merged.data)
    except ValidationError as error:
        for detail in error.errors():
            location = tuple(detail["loc"])
            at(location, ".".join(str(part) for part in location), friendly_message(detail))
        return None, problems, len(untranslated)
    english = base.document.data if isinstance(base.document.data, dict) else {}
    for name, text in words.model_dump().items():
        _check_placeholders(name, text, english.get(name) if (name,) in merged.translated else None, at)
    return (None if _errors(problems) else words), problems, len(untranslated)


def _placeholders(text: str) -> set[str]:
    """The {placeholders} of a text; ValueError if its braces are broken."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _check_placeholders(name: str, text: str, english: object, at: Callable[..., None]) -> None:
    """Only the placeholders famsupport fills in, and (in a translation) every one the English text has."""
    allowed = TRAINING_PLACEHOLDERS.get(name, frozenset())
    try:
        used = _placeholders(text)
    except ValueError as error:
        at((name,), name, f"{error} (write {{{{ and }}}} for literal braces)")
        return
    unknown = sorted(used - allowed)
    if unknown:
        can = ", ".join("{" + field + "}" for field in sorted(allowed)) or "none"
        at((name,), name, f"unknown placeholder {', '.join('{' + field + '}' for field in unknown)} (this text can use: {can})")
    if isinstance(english, str):
        try:
            missing = sorted((_placeholders(english) & allowed) - used)
        except ValueError:
            return
        if missing:
            shown = ", ".join("{" + field + "}" for field in missing)
            at((name,), name, f"the translation leaves out {shown}: keep every placeholder of the English text")
