"""Finding, reading and checking a content folder.

`load_bundle` returns the whole validated content, or raises one error that lists
every problem found, each with file:line:column, so a broken pack never gives a
half-working walk.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from famsupport_cli.content import overlay, yamlfile
from famsupport_cli.content.bundle import Bundle, Problem, available_languages, shipped_content_dir
from famsupport_cli.content.facts import FACTS, SettingProblem, parse_setting
from famsupport_cli.content.models import (
    Checklist,
    Condition,
    QuestionRef,
    RecommendationsFile,
    SourcesFile,
    choice_values,
    tests_in,
)
from famsupport_cli.content.ui import UiText
from famsupport_cli.errors import FamsupportError, invalid_input
from famsupport_cli.messages import Text
from famsupport_cli.safefile import RefusedFile, read_text

# Bundle, Problem and shipped_content_dir live in content.bundle (a cached run needs only them);
# they are re-exported here for code that loads content.
__all__ = ["Bundle", "ContentRead", "Problem", "Reader", "available_languages", "finish", "read_content", "shipped_content_dir"]

ModelT = TypeVar("ModelT", bound=BaseModel)
# Files whose every value is text to translate (the others translate only TEXT_KEYS).
ALL_TEXT_FILES = frozenset({"ui.yaml"})
# Files not translated: publication titles stay as published.
UNTRANSLATED_FILES = frozenset({"sources.yaml"})


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while a file is parsed.

    Parsing a large pack makes hundreds of thousands of objects that all stay alive; each collection
    walks all of them again, so with collection on the time grew faster than the pack (a pack adding
    2,000 questions took about six times as long as one adding 500, against three without it).
    The parse makes no cycles to collect; collection resumes, as it was, straight after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class Reader:
    """Reads each content file from every layer, merges them, and collects every problem."""

    roots: list[tuple[Path, str]]  # (folder, how messages name it): shipped first, then the pack
    language: str = "en"
    problems: list[Problem] = field(default_factory=list)
    merged: dict[str, overlay.Merged] = field(default_factory=dict)
    untranslated: dict[str, list[str]] = field(default_factory=dict)

    def _source(self, root: Path, prefix: str, relative: str, *, translation: bool = False) -> overlay.Source | None:
        path = root / relative
        label = f"{prefix}{relative}"
        try:
            text = read_text(path, limit=yamlfile.MAX_BYTES, root=root)
        except FileNotFoundError:
            return None
        except RefusedFile as error:
            self.problems.append(Problem(file=label, line=None, column=None, item="", message=error.reason))
            return None
        except (OSError, UnicodeDecodeError) as error:
            self.problems.append(Problem(file=label, line=None, column=None, item="", message=f"cannot be read: {error}"))
            return None
        try:
            with collection_paused():
                document = yamlfile.parse(text, label)
        except yamlfile.YamlSyntaxError as error:
            self.problems.append(
                Problem(file=label, line=error.line, column=error.column, item="", message=f"not valid YAML: {error.problem}")
            )
            return None
        except FamsupportError as error:
            self.problems.append(Problem(file=label, line=None, column=None, item="", message=error.message))
            return None
        return overlay.Source(label=label, document=document, translation=translation)

    def read(self, relative: str, model: type[ModelT]) -> ModelT | None:
        layers = [self._source(root, prefix, relative) for root, prefix in self.roots]
        content = [layer for layer in layers if layer is not None]
        if not content:
            if not any(self.problems_for(relative)):
                self.problems.append(Problem(file=relative, line=None, column=None, item="", message="this file is missing"))
            return None
        translations: list[overlay.Source] = []
        if self.language != "en":
            found = [self._source(root, prefix, f"i18n/{self.language}/{relative}", translation=True) for root, prefix in self.roots]
            found = [replace(layer, all_text=relative in ALL_TEXT_FILES) if layer else None for layer in found]
            translations = [layer for layer in found if layer is not None]
        untranslated_base = overlay.merge_layers(content).data
        merged = overlay.merge_layers(content + translations)
        self.merged[relative] = merged
        if self.language != "en" and relative not in UNTRANSLATED_FILES:
            self.untranslated[relative] = overlay.untranslated(merged, untranslated_base, all_text=relative in ALL_TEXT_FILES)
        for issue in merged.issues:
            position = issue.source.document.position(issue.path)
            severity = "warning" if issue.source.translation else "error"
            self.problems.append(
                Problem(
                    file=issue.source.label,
                    line=position.line if position else None,
                    column=position.column if position else None,
                    item=issue.item,
                    message=issue.message,
                    severity=severity,
                )
            )
        try:
            return model.model_validate(merged.data)
        except ValidationError as error:
            for detail in error.errors():
                location = tuple(detail["loc"])
                label, position = merged.locate(_yaml_path(location))
                self.problems.append(
                    Problem(
                        file=label or relative,
                        line=position.line if position else None,
                        column=position.column if position else None,
                        item=".".join(str(part) for part in location),
                        message=friendly_message(detail),
                    )
                )
            return None

    def problems_for(self, relative: str) -> list[Problem]:
        return [problem for problem in self.problems if problem.file.endswith(relative)]

    def at(self, relative: str, path: tuple[str | int, ...], item: str, message: str, severity: str = "error") -> None:
        merged = self.merged.get(relative)
        label, position = merged.locate(path) if merged else (relative, None)
        self.problems.append(
            Problem(
                file=label or relative,
                line=position.line if position else None,
                column=position.column if position else None,
                item=item,
                message=message,
                severity=severity,
            )
        )


def _yaml_path(location: tuple[Any, ...]) -> tuple[str | int, ...]:
    # Pydantic adds tag names ("test", "all", ...) for tagged unions; the YAML has no such level.
    tags = {"test", "all", "any", "not", "int", "float", "str", "QuestionRef"}
    return tuple(part for part in location if not (isinstance(part, str) and part in tags))


def friendly_message(detail: Any) -> str:
    """A pydantic error detail in plain words."""
    kind = detail.get("type", "")
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        return "this key is not known here (a typo?)"
    if kind == "dataclass_type" and detail.get("ctx", {}).get("class_name") == "Plural":
        return "a number decides this text's wording: give its forms `one:` and `other:`"
    if kind == "missing":
        return "this key is required"
    message = str(detail.get("msg", "invalid value"))
    return message.removeprefix("Value error, ")


@dataclass(slots=True, kw_only=True)
class ContentRead:
    """The content files read, validated and cross-checked as far as no engine is needed (see checks.content)."""

    reader: Reader
    root: Path
    sources: SourcesFile | None
    ui: UiText | None
    recommendations: RecommendationsFile | None
    checklists: dict[str, Checklist]


def read_content(pack: Path | None = None, *, language: str = "en") -> ContentRead:
    """Read and check the shipped content (with a pack and a language laid over it, if given)."""
    shipped = shipped_content_dir()
    roots: list[tuple[Path, str]] = [(shipped, "")]
    if pack is not None:
        if not pack.is_dir():
            raise invalid_input(Text("content_folder_missing", folder=pack), hint=Text("content_folder_missing_hint"))
        if pack.resolve() != shipped.resolve():
            roots.append((pack, f"{pack}/"))
    reader = Reader(roots, language)
    sources = reader.read("sources.yaml", SourcesFile)
    ui = reader.read("ui.yaml", UiText)
    for where, name, problem in ui.problems() if ui is not None else []:
        reader.at("ui.yaml", where, name, problem)
    ui = ui.in_language(language, reader.untranslated.get("ui.yaml", [])) if ui is not None else None
    recommendations = reader.read("recommendations.yaml", RecommendationsFile)
    checklists: dict[str, Checklist] = {}
    names = sorted({path.name for root, _ in roots for path in (root / "checklists").glob("*.yaml")})
    for name in names:
        relative = f"checklists/{name}"
        checklist = reader.read(relative, Checklist)
        if checklist is None:
            continue
        if checklist.id != name.removesuffix(".yaml"):
            reader.at(relative, ("id",), checklist.id, f"the id must match the file name '{name}'")
        checklists[checklist.id] = checklist
    if sources and recommendations:
        _cross_check(reader, sources, recommendations, checklists)
    return ContentRead(reader=reader, root=pack or shipped, sources=sources, ui=ui, recommendations=recommendations, checklists=checklists)


def finish(read: ContentRead) -> tuple[Bundle | None, list[Problem]]:
    """The bundle (None if anything is broken) and every problem found, translation gaps last."""
    reader, language = read.reader, read.reader.language
    for relative, missing in reader.untranslated.items():
        for path in missing:
            reader.problems.append(
                Problem(
                    file=f"i18n/{language}/{relative}",
                    line=None,
                    column=None,
                    item=path,
                    message=f"not translated into '{language}'; English is shown",
                    severity="warning",
                )
            )
    problems = reader.problems
    sources, ui, recommendations = read.sources, read.ui, read.recommendations
    if any(problem.severity == "error" for problem in problems) or sources is None or ui is None or recommendations is None:
        return None, problems
    warnings = tuple(problem for problem in problems if problem.severity != "error")
    return Bundle(
        root=read.root,
        sources={s.id: s for s in sources.sources},
        checklists=read.checklists,
        recommendations=recommendations,
        ui=ui,
        warnings=warnings,
        language=language,
    ), problems


def _report_duplicates(reader: Reader, file: str, items: Iterable[tuple[str, tuple[str | int, ...]]], what: str) -> None:
    """Name every repeated id at the place where it is repeated."""
    seen: set[str] = set()
    for item_id, path in items:
        if item_id in seen:
            reader.at(file, (*path, "id"), item_id, f"this {what} id is used twice")
        seen.add(item_id)


def _cross_check(reader: Reader, sources: SourcesFile, recommendations: RecommendationsFile, checklists: dict[str, Checklist]) -> None:
    source_ids = {source.id for source in sources.sources}
    _report_duplicates(reader, "sources.yaml", ((source.id, ("sources", i)) for i, source in enumerate(sources.sources)), "source")
    level_ids = {level.id for level in recommendations.levels}
    recommendation_ids = {item.id for item in recommendations.recommendations}
    _report_duplicates(
        reader,
        "recommendations.yaml",
        ((item.id, ("recommendations", i)) for i, item in enumerate(recommendations.recommendations)),
        "recommendation",
    )
    for index, item in enumerate(recommendations.recommendations):
        path = ("recommendations", index)
        if item.level not in level_ids:
            reader.at("recommendations.yaml", (*path, "level"), item.id, f"unknown level '{item.level}'")
        _check_sources(reader, "recommendations.yaml", path, item.id, item.sources, source_ids)
    for checklist in checklists.values():
        _check_checklist(reader, f"checklists/{checklist.id}.yaml", checklist, source_ids, recommendation_ids)


def _check_sources(reader: Reader, file: str, path: tuple[str | int, ...], item: str, used: list[str], known: set[str]) -> None:
    for index, source in enumerate(used):
        if source not in known:
            reader.at(file, (*path, "sources", index), item, f"unknown source '{source}' (add it to sources.yaml)")


def _check_checklist(reader: Reader, file: str, checklist: Checklist, source_ids: set[str], recommendation_ids: set[str]) -> None:
    questions = {question.id: question for question in checklist.questions()}
    order = {question_id: index for index, question_id in enumerate(questions)}
    question_places = (
        (question.id, ("sections", si, "questions", qi))
        for si, section in enumerate(checklist.sections)
        for qi, question in enumerate(section.questions)
    )
    _report_duplicates(reader, file, question_places, "question")
    _report_duplicates(reader, file, ((section.id, ("sections", si)) for si, section in enumerate(checklist.sections)), "section")
    facts = _check_facts(reader, file, checklist, questions, source_ids)

    def check_condition(condition: Condition, path: tuple[str | int, ...], owner: str, before: int | None = None) -> None:
        for test in tests_in(condition):
            refs = [test.question] + [b.question for b in (test.gte, test.lte, test.gt, test.lt) if isinstance(b, QuestionRef)]
            for ref in refs:
                if ref in facts:
                    continue  # a fact is known before any question is asked
                if ref not in questions:
                    reader.at(file, path, owner, f"the condition names a question (or fact) that does not exist: '{ref}'")
                elif before is not None and order[ref] >= before:
                    reader.at(file, path, owner, f"the condition looks at '{ref}', which is not asked before this question")
            values = [test.equals] if test.equals is not None else list(test.in_ or test.includes_any or [])
            values += [test.includes] if test.includes else []
            if facts.get(test.question) == "yesno":
                for value in values:
                    if value not in ("yes", "no"):
                        reader.at(file, path, owner, f"'{value}' is not a possible value of the fact '{test.question}' (yes or no)")
            target = questions.get(test.question)
            if target is None or target.type not in ("single", "multiple", "yesno"):
                continue
            for value in values:
                if value not in choice_values(target):
                    reader.at(file, path, owner, f"'{value}' is not a possible answer to '{target.id}'")

    for s_index, section in enumerate(checklist.sections):
        for q_index, question in enumerate(section.questions):
            path: tuple[str | int, ...] = ("sections", s_index, "questions", q_index)
            _check_sources(reader, file, path, question.id, question.sources, source_ids)
            if question.when is not None:
                check_condition(question.when, (*path, "when"), question.id, before=order[question.id])
    list_ids = {finding_list.id for finding_list in checklist.lists}
    outcome_ids: set[str] = set()
    if checklist.decision is not None:
        outcome_ids = _check_decision(reader, file, checklist, questions, source_ids, check_condition)
    for index, rule in enumerate(checklist.rules):
        path = ("rules", index)
        _check_sources(reader, file, path, rule.id, rule.sources, source_ids)
        if rule.add_to not in list_ids:
            reader.at(file, (*path, "add_to"), rule.id, f"unknown list '{rule.add_to}' (declare it under lists:)")
        if rule.recommendation and rule.recommendation not in recommendation_ids:
            reader.at(file, (*path, "recommendation"), rule.id, f"unknown recommendation '{rule.recommendation}'")
        for outcome in rule.for_outcomes or []:
            if outcome not in outcome_ids:
                reader.at(file, (*path, "for_outcomes"), rule.id, f"unknown outcome '{outcome}'")
        if rule.when is not None:
            check_condition(rule.when, (*path, "when"), rule.id)
        if rule.settled_when is not None:
            check_condition(rule.settled_when, (*path, "settled_when"), rule.id)
    _report_duplicates(reader, file, ((rule.id, ("rules", i)) for i, rule in enumerate(checklist.rules)), "rule")
    _check_quoted_answers(reader, file, checklist, questions)
    if checklist.after_question and checklist.after_question not in questions:
        reader.at(file, ("after_question",), checklist.after_question, "no question has this id")


def _check_quoted_answers(reader: Reader, file: str, checklist: Checklist, questions: dict[str, Any]) -> None:
    """The answers a short document quotes (`record_answers`, a list's `with_answers`) must be questions."""
    places: list[tuple[tuple[str | int, ...], str]] = [
        (("record_answers", index), qid) for index, qid in enumerate(checklist.record_answers)
    ]
    for index, finding_list in enumerate(checklist.lists):
        places += [(("lists", index, "with_answers", a_index), qid) for a_index, qid in enumerate(finding_list.with_answers)]
    for path, question_id in places:
        if question_id not in questions:
            reader.at(file, path, question_id, "no question has this id")


# The question types whose answers an agreement of each type can share (see Fact.linked_question).
_LINKABLE = {"number": ("number", "scale"), "text": ("text", "single"), "yesno": ("yesno",)}


def _check_facts(reader: Reader, file: str, checklist: Checklist, questions: dict[str, Any], source_ids: set[str]) -> dict[str, str]:
    """Check the declared facts; return the usable ones (id -> type) for checking conditions."""
    _report_duplicates(reader, file, ((fact.id, ("facts", i)) for i, fact in enumerate(checklist.facts)), "fact")
    known = ", ".join(sorted(FACTS))
    usable: dict[str, str] = {}
    for index, fact in enumerate(checklist.facts):
        path: tuple[str | int, ...] = ("facts", index)
        _check_sources(reader, file, path, fact.id, fact.sources, source_ids)
        spec = FACTS.get(fact.id)
        if spec is None:
            reader.at(file, (*path, "id"), fact.id, f"famsupport does not work out a fact '{fact.id}'; it knows: {known}")
            continue
        usable[fact.id] = fact.type
        if fact.id in questions:
            reader.at(file, (*path, "id"), fact.id, "a question has this id too; a fact needs an id of its own")
        if fact.type != spec.type:
            reader.at(file, (*path, "type"), fact.id, f"'{fact.id}' is a {spec.type} fact: write `type: {spec.type}`")
        if spec.setting is None and (fact.default is not None or fact.linked_question is not None):
            key = "default" if fact.default is not None else "linked_question"
            reader.at(file, (*path, key), fact.id, f"'{fact.id}' is worked out by famsupport; only agreements take a {key}")
            continue
        if spec.setting is not None and fact.default is not None:
            try:
                parse_setting(spec.setting, fact.default)
            except SettingProblem as problem:
                reader.at(file, (*path, "default"), fact.id, f"{problem.message}; expected {problem.allowed}")
        if fact.linked_question is not None:
            linked = questions.get(fact.linked_question)
            if linked is None:
                reader.at(file, (*path, "linked_question"), fact.id, f"no question has the id '{fact.linked_question}'")
            elif linked.type not in _LINKABLE[fact.type]:
                allowed = " or ".join(_LINKABLE[fact.type])
                reader.at(
                    file, (*path, "linked_question"), fact.id, f"a {fact.type} agreement can only share a {allowed} question's default"
                )
    return usable


def _check_decision(
    reader: Reader, file: str, checklist: Checklist, questions: dict[str, Any], source_ids: set[str], check_condition: Any
) -> set[str]:
    decision = checklist.decision
    assert decision is not None
    outcome_ids = {outcome.value for outcome in decision.outcomes}
    _check_sources(reader, file, ("decision",), "decision", decision.sources, source_ids)
    for key in ("red_flag_outcome", "all_hold_outcome", "mixed_outcome"):
        if getattr(decision, key) not in outcome_ids:
            reader.at(file, ("decision", key), key, f"'{getattr(decision, key)}' is not one of the outcomes")
    referenced = [("preference_question", decision.preference_question)]
    if decision.override is not None:
        referenced += [("override", decision.override.format_question), ("override", decision.override.reason_question)]
    for key, question_id in referenced:
        if question_id is not None and question_id not in questions:
            reader.at(file, ("decision", key), question_id, "no question has this id")
    for index, flag in enumerate(decision.red_flags):
        _check_sources(reader, file, ("decision", "red_flags", index), flag.id, flag.sources, source_ids)
        check_condition(flag.when, ("decision", "red_flags", index, "when"), flag.id)
        if flag.outcome is not None and flag.outcome not in outcome_ids:
            reader.at(file, ("decision", "red_flags", index, "outcome"), flag.id, f"'{flag.outcome}' is not one of the outcomes")
    for index, criterion in enumerate(decision.criteria):
        path = ("decision", "criteria", index)
        _check_sources(reader, file, path, criterion.id, criterion.sources, source_ids)
        check_condition(criterion.holds, (*path, "holds"), criterion.id)
        if criterion.unsure is not None:
            check_condition(criterion.unsure, (*path, "unsure"), criterion.id)
    places = [(f.id, ("decision", "red_flags", i)) for i, f in enumerate(decision.red_flags)]
    places += [(c.id, ("decision", "criteria", i)) for i, c in enumerate(decision.criteria)]
    _report_duplicates(reader, file, places, "red flag or criterion")
    return outcome_ids
