"""Where the shipped content lives, and which languages it (or a pack) comes in.

Kept free of pydantic and YAML: the messages of `--help`, `--version` and of errors that come
before any content is read need these paths, and nothing heavier.
"""

from __future__ import annotations

import os
from pathlib import Path


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


def locale_language(available: list[str]) -> str:
    """The language of LC_ALL / LC_MESSAGES / LANG (the first one set) if it is available, else English."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            return code if code in available else "en"
    return "en"
