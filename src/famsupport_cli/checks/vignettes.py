"""Checks of vignettes that run the engine, and loading the training words through the cache.

Each vignette's reference answers are read as an answers file would be read (`read_presets`), walked
as a scripted run would walk them, and checked to lead to the stated result, so a broken vignette is
one clear error naming file and line. Reading the files themselves is content.vignettes' work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from famsupport_cli import messages
from famsupport_cli.content import vignettes
from famsupport_cli.content.bundle import Bundle, Problem
from famsupport_cli.content.models import Checklist
from famsupport_cli.content.vignettes import (
    TRAINING_TEXT_FILE,
    ChecklistReference,
    Locator,
    TrainingText,
    YamlPath,
)
from famsupport_cli.core.engine import evaluate
from famsupport_cli.core.presets import read_presets
from famsupport_cli.core.training import LoadedVignette, Reference
from famsupport_cli.core.walk import NoInputAsker, walk
from famsupport_cli.errors import invalid_input
from famsupport_cli.io import display
from famsupport_cli.io.cache import cached
from famsupport_cli.messages import Text


@dataclass
class _Checked:
    """What checking found: the usable vignettes, every problem, and how many texts each case shows in English."""

    vignettes: list[LoadedVignette] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    untranslated: dict[str, int] = field(default_factory=dict)


def _check_vignettes(bundle: Bundle, pack: Path | None) -> _Checked:
    roots = vignettes.vignette_roots(pack)
    checked = _Checked()
    files = vignettes.indexed_vignette_files(roots)
    for path, label, root_index in files:
        loaded = _load_vignette(path, label, bundle, checked, roots[root_index:])
        if loaded is not None:
            checked.vignettes.append(loaded)
    checked.problems += vignettes.unused_translations(bundle.language, files, roots)
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
    _, problems, _ = vignettes.check_training_text(pack, bundle.language)
    return problems + _check_vignettes(bundle, pack).problems


def _note(text: Text) -> None:
    """One note on stderr (what is not translated), worded like the loader's."""
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


def _load_vignette(path: Path, label: str, bundle: Bundle, checked: _Checked, roots: list[tuple[Path, str]]) -> LoadedVignette | None:
    """The vignette with its references checked, or None if anything in the file is an error."""
    problems = checked.problems
    count = vignettes.errors_in(problems)
    read = vignettes.read_vignette(path, label, bundle, problems, checked.untranslated, roots)
    if read is None:
        return None
    vignette, at = read
    references: dict[str, Reference] = {}
    for checklist_id, given in vignette.reference.items():
        checklist = bundle.checklists.get(checklist_id)
        if checklist is None:
            at(("reference", checklist_id), checklist_id, f"there is no checklist '{checklist_id}'")
            continue
        reference = _check_reference(bundle, checklist, given, label, _prefixed(at, ("reference", checklist_id)))
        if reference is not None:
            references[checklist_id] = reference
    return LoadedVignette(vignette=vignette, file=label, references=references) if vignettes.errors_in(problems) == count else None


def _prefixed(at: Locator, prefix: YamlPath) -> Locator:
    def inner(where: YamlPath, item: str, message: str, severity: str = "error") -> None:
        at((*prefix, *where), item, message, severity)

    return inner


def _check_reference(bundle: Bundle, checklist: Checklist, given: ChecklistReference, label: str, at: Locator) -> Reference | None:
    """Read the answers as an answers file would be read, walk them without prompting, check the result.

    A question the reference does not answer (say, one a pack adds) is left unanswered, as if
    skipped: the case stays usable as long as the stated result still follows, and a warning names
    the question so that `content validate` lists it.
    """
    before = checklist.id
    presets = read_presets(given.answers, label, checklist)
    for issue in presets.issues:
        allowed = f" Allowed: {issue.allowed}." if issue.allowed else ""
        at(("answers", issue.question_id), f"{before}.{issue.question_id}", f"{issue.message}.{allowed}")
    if presets.issues:
        return None
    outcome = walk(checklist, presets.answers, NoInputAsker(), lambda answers: evaluate(bundle, checklist, answers))
    failed = False
    for question in outcome.missing:
        at(("answers",), f"{before}.{question.id}", f'not answered in this case ("{question.prompt}"); it is left unanswered', "warning")
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
    return Reference(checklist_id=checklist.id, answers=dict(outcome.answers), result=result, why=dict(given.why))


def load_training_text(pack: Path | None = None, bundle: Bundle | None = None) -> TrainingText:
    """content/training.yaml in the bundle's language (a pack's own training.yaml replaces it whole).

    Without a bundle, in English. Texts missing from the translation are shown in English,
    with one note on stderr.
    """
    language = bundle.language if bundle is not None else "en"
    # Cached with the content: validating the words builds pydantic validators, which costs
    # batch and report ~20 ms at every start (pydantic then also looks for plugins).
    found = cached(
        "training", pack, language, lambda: vignettes.training_words(pack, language), vignettes.TrainingWords, [vignettes, messages]
    )
    if found.untranslated:
        folder = _folder(pack)
        _note(Text("untranslated_training_words", count=found.untranslated, file=TRAINING_TEXT_FILE, language=language, folder=folder))
    return found.words
