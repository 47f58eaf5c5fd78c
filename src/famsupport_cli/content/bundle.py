"""The checked content as one value, and where the shipped content lives.

Kept apart from the loader: a run served from the cache needs these types, not the
machinery that reads, merges and checks YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from famsupport_cli.content.location import available_languages, shipped_content_dir
from famsupport_cli.content.models import Checklist, RecommendationsFile, Source
from famsupport_cli.content.ui import UiText
from famsupport_cli.errors import invalid_input
from famsupport_cli.messages import Text

__all__ = ["Bundle", "Problem", "available_languages", "shipped_content_dir"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One finding of loading or validating content: where it is, what it concerns, and how bad."""

    file: str
    line: int | None
    column: int | None
    item: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file + (f":{self.line}:{self.column}" if self.line else "")
        # The item can be a key taken from the file itself: quote a short excerpt, never a whole line of it.
        shown = self.item if len(self.item) <= 60 else self.item[:57] + "..."
        item = f" [{shown}]" if self.item else ""
        return f"{where}{item}: {self.message}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Bundle:
    """All content, validated and cross-checked."""

    root: Path
    sources: dict[str, Source]
    checklists: dict[str, Checklist]
    recommendations: RecommendationsFile
    ui: UiText
    warnings: tuple[Problem, ...] = ()
    language: str = "en"

    def checklist(self, checklist_id: str) -> Checklist:
        try:
            return self.checklists[checklist_id]
        except KeyError:
            found = ", ".join(sorted(self.checklists)) or Text("none")
            raise invalid_input(
                Text("no_such_checklist", root=self.root, checklist=checklist_id), hint=Text("checklists_found", checklists=found)
            ) from None
