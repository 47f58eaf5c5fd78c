"""Checking content as a whole: the loader's checks, then the ones that run the condition engine.

The loader (content/) reads, validates and cross-checks the files; what needs core/ (can any answer
reach this question, rule or criterion?) is checked here, above both, before the bundle is built.
"""

from __future__ import annotations

from pathlib import Path

from famsupport_cli.checks import reach
from famsupport_cli.content import loader
from famsupport_cli.content.bundle import Bundle, Problem, shipped_content_dir
from famsupport_cli.content.models import Checklist, RecommendationsFile
from famsupport_cli.errors import invalid_input
from famsupport_cli.messages import Text


def check_content(pack: Path | None = None, *, language: str = "en") -> tuple[Bundle | None, list[Problem]]:
    """Read and check the shipped content (with a pack and a language laid over it, if given).

    Returns the bundle (None if anything is broken) and every problem found.
    """
    read = loader.read_content(pack, language=language)
    if read.sources is not None and read.recommendations is not None:
        never = set[str]()  # rules that can never apply, as checklist/rule
        for checklist in read.checklists.values():
            never |= {f"{checklist.id}/{rule_id}" for rule_id in _check_reach(read.reader, checklist)}
        _check_surfaced(read.reader, read.recommendations, read.checklists, never)
    return loader.finish(read)


def load_bundle(pack: Path | None = None, *, language: str = "en") -> Bundle:
    """The checked content, or one error listing every problem, so a broken pack never half-works."""
    bundle, problems = check_content(pack, language=language)
    if bundle is None:
        errors = [problem for problem in problems if problem.severity == "error"]
        raise invalid_input(
            Text("content_problems", folder=pack or shipped_content_dir(), count=len(errors)),
            details=[str(problem) for problem in errors],
            hint=Text("fix_lines_named_above"),
        )
    return bundle


def _check_reach(reader: loader.Reader, checklist: Checklist) -> set[str]:
    """Warn about questions, rules, red flags and criteria no answer can reach; return the rules that never apply."""
    file = f"checklists/{checklist.id}.yaml"
    if any(problem.severity == "error" for problem in reader.problems_for(file)):
        return set()  # fix the errors first: a condition naming a missing question or option is already reported
    found = reach.find_unreachable(checklist)
    for item in found:
        reader.at(file, item.path, item.item, item.message, "warning")
    return {item.item for item in found if item.kind == "rule"}


def _check_surfaced(reader: loader.Reader, recommendations: RecommendationsFile, checklists: dict[str, Checklist], never: set[str]) -> None:
    """Warn about recommendations that no rule surfaces, or only rules that can never apply."""
    surfaced: dict[str, list[str]] = {}  # recommendation id -> the rules that surface it
    for checklist in checklists.values():
        for rule in checklist.rules:
            if rule.recommendation:
                surfaced.setdefault(rule.recommendation, []).append(f"{checklist.id}/{rule.id}")
    for index, item in enumerate(recommendations.recommendations):
        rules = surfaced.get(item.id, [])
        if checklists and not rules:
            reader.at(
                "recommendations.yaml",
                ("recommendations", index),
                item.id,
                "no checklist rule surfaces this recommendation; it is only seen when browsing",
                "warning",
            )
        elif rules and set(rules) <= never:
            reader.at(
                "recommendations.yaml",
                ("recommendations", index),
                item.id,
                f"only rules that can never apply surface this recommendation ({', '.join(rules)}); "
                "it is only seen when browsing until their conditions are fixed",
                "warning",
            )
