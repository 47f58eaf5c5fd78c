"""Case vignettes for trainings, and the words of the training commands.

A vignette (`content/vignettes/<id>.yaml`) is a fictional case: a short story, questions
for discussion, notes for the trainer, and the trainer's reference answers for each
checklist together with the result they lead to. This module reads the files and their
translations and checks them against the model; checks.vignettes checks each reference with the
engine (as an answers file is read, walked as a scripted run would walk it) and loads the
training words through the cache.

`content/training.yaml` holds the headings and interface words of `training`, `batch`
and `report`; it is checked like ui.yaml (`content.ui.Words`).

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

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from pydantic import Field, ValidationError

from famsupport_cli.content import overlay, yamlfile
from famsupport_cli.content.bundle import Bundle, Problem, shipped_content_dir
from famsupport_cli.content.loader import friendly_message
from famsupport_cli.content.models import Identifier, Sourced, Strict
from famsupport_cli.content.ui import Words
from famsupport_cli.errors import FamsupportError, invalid_input
from famsupport_cli.messages import Plural, Text
from famsupport_cli.safefile import RefusedFile, read_text

VIGNETTE_FOLDER = "vignettes"
YamlPath = tuple[str | int, ...]
TRAINING_TEXT_FILE = "training.yaml"
I18N_FOLDER = "i18n"
# What a vignette translation may reword; `why` maps question ids to notes, each of them text.
VIGNETTE_TEXT_KEYS = frozenset({"title", "summary", "story", "discussion", "trainer_notes", "why"})
VIGNETTE_TEXT_MAPS = frozenset({"why"})
NOT_TRANSLATED = "not translated into '{language}'; English is shown"  # as the loader words it

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


class TrainingText(Words):
    """The words of `training`, `batch` and `report`; placeholders in {braces} are filled in."""

    FILE: ClassVar[str] = TRAINING_TEXT_FILE

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
    compare_same_answers: Plural
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
    batch_recommendations_count: Plural
    batch_done: Plural
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
    report_answers_basis: Plural
    report_answer: str
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
    report_small_group: Plural
    report_percent: str
    report_decimal_separator: str
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


def vignette_roots(pack: Path | None) -> list[tuple[Path, str]]:
    """(folder, how messages name it): the shipped content, then the pack (unless it is the shipped content)."""
    shipped = shipped_content_dir()
    roots = [(shipped, "")]
    if pack is not None and pack.resolve() != shipped.resolve():
        roots.append((pack, f"{pack}/"))
    return roots


def indexed_vignette_files(roots: list[tuple[Path, str]]) -> list[tuple[Path, str, int]]:
    """(path, label, index of its root) of every vignette; a later root's file of the same name replaces it."""
    found: dict[str, tuple[Path, str, int]] = {}
    for index, (root, prefix) in enumerate(roots):
        for path in sorted((root / VIGNETTE_FOLDER).glob("*.yaml")):
            found[path.name] = (path, f"{prefix}{VIGNETTE_FOLDER}/{path.name}", index)
    return [found[name] for name in sorted(found)]


def vignette_files(pack: Path | None = None) -> list[tuple[Path, str]]:
    """(path, label) of every vignette file: shipped first; a pack's file of the same name replaces it."""
    return [(path, label) for path, label, _ in indexed_vignette_files(vignette_roots(pack))]


# --- reading a file and its translations ------------------------------------------------


def _source(path: Path, label: str, problems: list[Problem], root: Path | None = None, **kind: Any) -> overlay.Source | None:
    """One layer of a file; None if it does not exist, or cannot be read (a problem says why).

    `root` is the pack (or shipped content) the file belongs to: no link out of it is followed."""
    try:
        text = read_text(path, limit=yamlfile.MAX_BYTES, root=root or path.parent)
    except FileNotFoundError:
        return None
    except RefusedFile as error:
        problems.append(Problem(file=label, line=None, column=None, item="", message=error.reason))
        return None
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(file=label, line=None, column=None, item="", message=f"cannot be read: {error}"))
        return None
    try:
        document = yamlfile.parse(text, label)
    except yamlfile.YamlSyntaxError as error:
        problems.append(Problem(file=label, line=error.line, column=error.column, item="", message=f"not valid YAML: {error.problem}"))
        return None
    except FamsupportError as error:
        problems.append(Problem(file=label, line=None, column=None, item="", message=error.message.removeprefix(f"{label}: ")))
        return None
    return overlay.Source(label=label, document=document, **kind)


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
            layer = _source(root / relative_translation, f"{prefix}{relative_translation}", problems, root, translation=True, **kind)
            if layer is not None:
                translations.append(layer)
    merged = overlay.merge_layers([base, *translations])
    for issue in merged.issues:
        position = issue.source.document.position(issue.path)
        message = issue.message
        if issue.source.translation and message.endswith("; it is ignored"):
            message = message.removesuffix("; it is ignored") + " (a translation holds only texts): leave it out, or write it as in English"
        problems.append(
            Problem(
                file=issue.source.label,
                line=position.line if position else None,
                column=position.column if position else None,
                item=issue.item,
                message=message,
            )
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
            Problem(
                file=label or fallback,
                line=position.line if position else None,
                column=position.column if position else None,
                item=item,
                message=message,
                severity=severity,
            )
        )

    return at


# --- vignettes ------------------------------------------------------------------------------


Locator = Callable[..., None]  # (path in the file, item, message[, severity]) -> records a problem there


def read_vignette(
    path: Path, label: str, bundle: Bundle, problems: list[Problem], untranslated_cases: dict[str, int], roots: list[tuple[Path, str]]
) -> tuple[Vignette, Locator] | None:
    """One vignette file with its translations, checked against the model, its id and the sources.

    Problems go to `problems`; the cases with texts left in English to `untranslated_cases`. Returns the
    vignette and a function that records a problem at a path in it (the references are checked in
    checks.vignettes, with the engine), or None if the file cannot be used at all.
    """
    base = _source(path, label, problems, next((root for root, _ in roots if root in path.parents), None))
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
                file=f"{I18N_FOLDER}/{bundle.language}/{relative}",
                line=None,
                column=None,
                item=text,
                message=NOT_TRANSLATED.format(language=bundle.language),
                severity="warning",
            )
        )
    if untranslated:
        untranslated_cases[path.stem] = len(untranslated)
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
    return vignette, at


def unused_translations(language: str, files: list[tuple[Path, str, int]], roots: list[tuple[Path, str]]) -> list[Problem]:
    """A warning for every translated vignette that translates no case."""
    problems: list[Problem] = []
    if language != "en":
        names = {path.name for path, _, _ in files}
        for root, prefix in roots:
            folder = f"{I18N_FOLDER}/{language}/{VIGNETTE_FOLDER}"
            for path in sorted((root / folder).glob("*.yaml")):
                if path.name not in names:
                    message = f"there is no case '{path.stem}' to translate ({VIGNETTE_FOLDER}/{path.name}); this file is not used"
                    problems.append(
                        Problem(
                            file=f"{prefix}{folder}/{path.name}",
                            line=None,
                            column=None,
                            item=path.stem,
                            message=message,
                            severity="warning",
                        )
                    )
    return problems


def errors_in(problems: list[Problem]) -> int:
    return sum(1 for problem in problems if problem.severity == "error")


# --- the words of the training commands ---------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainingWords:
    words: TrainingText
    untranslated: int  # how many are left in English


def training_words(pack: Path | None, language: str) -> TrainingWords:
    """The words and how many are left in English; raises FamsupportError if they are broken."""
    words, problems, untranslated = check_training_text(pack, language)
    errors = [problem for problem in problems if problem.severity == "error"]
    if words is None or errors:
        where = TRAINING_TEXT_FILE if language == "en" else f"{TRAINING_TEXT_FILE} or its '{language}' translation"
        raise invalid_input(
            Text("file_problems", file=where, count=len(errors)),
            details=[str(problem) for problem in errors],
            hint=Text("fix_lines_named_above"),
        )
    return TrainingWords(words=words, untranslated=untranslated)


def check_training_text(pack: Path | None, language: str) -> tuple[TrainingText | None, list[Problem], int]:
    """The words (None if broken), every problem, and how many texts are left in English."""
    roots = vignette_roots(pack)
    index = len(roots) - 1 if (roots[-1][0] / TRAINING_TEXT_FILE).is_file() else 0
    root, prefix = roots[index]
    label = f"{prefix}{TRAINING_TEXT_FILE}"
    problems: list[Problem] = []
    base = _source(root / TRAINING_TEXT_FILE, label, problems, root)
    if base is None:
        return None, problems or [Problem(file=label, line=None, column=None, item="", message="this file is missing")], 0
    merged, untranslated = _translated(base, TRAINING_TEXT_FILE, roots[index:], language, problems, all_text=True)
    at = _locator(merged, label, problems)
    for text in untranslated:
        problems.append(
            Problem(
                file=f"{I18N_FOLDER}/{language}/{TRAINING_TEXT_FILE}",
                line=None,
                column=None,
                item=text,
                message=NOT_TRANSLATED.format(language=language),
                severity="warning",
            )
        )
    try:
        words = TrainingText.model_validate(merged.data)
    except ValidationError as error:
        for detail in error.errors():
            location = tuple(detail["loc"])
            at(location, ".".join(str(part) for part in location), friendly_message(detail))
        return None, problems, len(untranslated)
    for where, name, problem in words.problems():
        at(where, name, problem)
    return (None if errors_in(problems) else words.in_language(language, untranslated)), problems, len(untranslated)
