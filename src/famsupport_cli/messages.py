"""The tool's own messages (errors, hints, notes, confirmations) in the practitioner's language.

The words live in `content/messages.yaml`, translated in `content/i18n/<lang>/messages.yaml`;
code names a message by its key and gives the values of its {placeholders}. A `Text` is
rendered only when it is shown, in the language in force then: the one `--lang` (or the
locale) chose, set by the command through `use_language`, else the locale's. A message that
a translation lacks is shown in English; a key that does not exist at all (a bug, caught by
tests/test_messages.py) is shown as the key with its values rather than failing.

A message may have plural forms: `{one: ..., other: ...}`, chosen by its `count` value.
Content packs do not change these messages; they are the tool's, not the organisation's.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

MESSAGES_FILE = "messages.yaml"
_language: str | None = None


class Text:
    """A message by key and values, rendered in the current language when turned into a string."""

    __slots__ = ("key", "values")

    def __init__(self, key: str, /, **values: Any) -> None:
        self.key = key
        self.values = values

    def __str__(self) -> str:
        return render(self.key, self.values)

    def __repr__(self) -> str:
        return f"Text({self.key!r}, {self.values!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.key, self.values) == (other.key, other.values)

    __hash__ = None  # type: ignore[assignment]  # values may be unhashable; equal Texts need not share a hash


def use_language(code: str | None) -> None:
    """The language every message is shown in from now on (a command calls this once it knows; None: the locale's)."""
    global _language  # noqa: PLW0603 - one process, one practitioner, one language
    _language = code


def current_language() -> str:
    """The language chosen by the command, else the locale's (when translated), else English."""
    if _language is not None:
        return _language
    from famsupport_cli.content.location import available_languages, locale_language

    return locale_language(available_languages())


def render(key: str, values: dict[str, Any], language: str | None = None) -> str:
    """The message `key` in the language, with its values filled in; in English where the translation fails."""
    for code in dict.fromkeys([language or current_language(), "en"]):
        entry = catalogue(code).get(key)
        if isinstance(entry, dict):
            entry = entry.get(_plural_form(code, values.get("count"))) or entry.get("other")
        if isinstance(entry, str):
            try:
                return entry.format(**values)
            except (KeyError, IndexError, ValueError):  # a broken placeholder: try English
                continue
    return f"{key} {values}" if values else key


def _plural_form(language: str, count: object) -> str:
    """CLDR's rule for the languages shipped: French says "0 réponse" (one), English and German "0 answers"."""
    if not isinstance(count, int):
        return "other"
    if language == "fr":
        return "one" if count in (0, 1) else "other"
    return "one" if count == 1 else "other"


@lru_cache(maxsize=8)
def catalogue(language: str) -> dict[str, str | dict[str, str]]:
    """The messages of one language as written in its file (English from content/, others from i18n/)."""
    from famsupport_cli.content.location import shipped_content_dir

    root = shipped_content_dir()
    path = root / MESSAGES_FILE if language == "en" else root / "i18n" / language / MESSAGES_FILE
    try:
        from famsupport_cli.content import yamlfile

        data = yamlfile.parse(path.read_text(encoding="utf-8"), str(path)).data
    except Exception:  # noqa: BLE001 - an error message must never fail because its words cannot be read
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(key): value
        for key, value in data.items()
        if isinstance(value, str) or (isinstance(value, dict) and all(isinstance(v, str) for v in value.values()))
    }
