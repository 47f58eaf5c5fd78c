"""The checked content as one value, and where the shipped content lives.

Kept apart from the loader: a run served from the cache needs these types, not the
machinery that reads, merges and checks YAML.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from famsupport_cli.content.models import Checklist, RecommendationsFile, Source
from famsupport_cli.content.ui import UiText
from famsupport_cli.errors import invalid_input


class Problem(NamedTuple):
    file: str
    line: int | None
    column: int | None
    item: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file + (f":{self.line}:{self.column}" if self.line else "")
        item = f" [{self.item}]" if self.item else ""
        return f"{where}{item}: {self.message}"


class Bundle(NamedTuple):
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
            raise invalid_input(
                f"The content in {self.root} has no checklist '{checklist_id}'.",
                hint=f"Checklists found: {', '.join(sorted(self.checklists)) or 'none'}.",
            ) from None


def shipped_content_dir() -> Path:
    """The content that ships with famsupport: inside the wheel, or the repository's content/ in a checkout."""
    packaged = Path(__file__).resolve().parents[1] / "content_data"  # famsupport_cli/content_data in a wheel
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "content"


def available_languages(pack: Path | None = None) -> list[str]:
    """English plus every language with a folder under i18n/ (shipped or in the pack)."""
    found = {"en"}
    for root in (shipped_content_dir(), pack):
        if root is not None and (root / "i18n").is_dir():
            found |= {child.name for child in (root / "i18n").iterdir() if child.is_dir()}
    return sorted(found)
