"""The tool's own words, in the practitioner's language: one mechanism for all three catalogues.

famsupport's own words live in three YAML catalogues, each with its translations in
`content/i18n/<lang>/`: `messages.yaml` (errors, hints, notes; code names a message by key
with `Text`), `ui.yaml` (the interface: `content.ui.UiText`) and `training.yaml` (the
training commands: `content.vignettes.TrainingText`). Every entry in all three is declared
the same way, by its English text in the shipped catalogue:

- its key;
- its {placeholders}: those of the English text, which every language (and a pack that
  rewords it) keeps, checked by `entry_problems`;
- its plural forms, where a number decides the wording: `{one: ..., other: ...}` (CLDR's
  categories; French uses "one" for 0 and 1, English and German for 1 only), chosen by the
  value of {count}, or of the placeholder named by `number:` (a language may choose by
  another number than English does: "{same} questions sur {total}").

A text a translation lacks is shown in English. A `Text` is turned into words only when it is
shown (`str()` at the edge), in the language the command chose (`use_language`), else the
locale's; a key that does not exist at all (a bug, caught by tests/test_messages.py) is shown
as the key with its values rather than failing. Content packs do not change messages.yaml.

This module imports nothing else of famsupport's but `content.location` (paths, no YAML
models), so errors can carry a `Text` without an import circle.
"""

from __future__ import annotations

import inspect
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from famsupport_cli.content.location import available_languages, locale_language, shipped_content_dir

MESSAGES_FILE = "messages.yaml"
COUNT = "count"  # the value that chooses a plural form, unless the entry names another
_language: str | None = None
_catalogues: dict[str, dict[str, Entry]] = {}  # read once per process and language; the files ship with famsupport


def _hide_language(schema: dict[str, Any]) -> None:
    schema.get("properties", {}).pop("language", None)  # set by the loader, never written in a file
    # Written here, as pydantic >= 2.12 writes a stdlib dataclass's docstring (2.11 leaves it out): one schema for both.
    schema["description"] = inspect.cleandoc(Plural.__doc__ or "")


@dataclass(frozen=True, slots=True, kw_only=True)
class Plural:
    """A text whose wording depends on a number: `one` (in English and German: 1; in French: 0 and 1) and `other`.

    The number is the value of {count}, or of the placeholder named in `number`.
    """

    # A stdlib dataclass, so that showing a message needs no pydantic; the content models
    # validate it all the same. `format(**values)` uses the plural rule of the language the
    # text was loaded in (`in_language`), so code fills it in like a plain text.

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid", "json_schema_extra": _hide_language}

    one: str
    other: str
    # The placeholder whose value chooses the form, when it is not {count}.
    number: str | None = None
    # Set by the loader (in_language), which rebinds every plural after reading a file, so a
    # `language:` written in a catalogue changes nothing; the content cache stores it as data.
    language: str = field(default="en", compare=False, repr=False)

    def in_language(self, language: str) -> Plural:
        """This text, choosing its form by the rule of `language`."""
        return Plural(one=self.one, other=self.other, number=self.number, language=language)

    def format(self, **values: Any) -> str:
        return self.form(self.language, values).format(**values)

    def form(self, language: str, values: Mapping[str, Any]) -> str:
        """The form for the number in `values`, by the plural rule of `language`."""
        return self.one if plural_category(language, values.get(self.number or COUNT)) == "one" else self.other

    def texts(self) -> list[str]:
        return [self.one, self.other]

    def __str__(self) -> str:
        return self.other


Entry = str | Plural  # one entry of a catalogue, as declared in its YAML


def plural_category(language: str, count: object) -> str:
    """CLDR's rule for the languages shipped: French says "0 réponse" (one), English and German "0 answers"."""
    if not isinstance(count, int) or isinstance(count, bool):
        return "other"
    if language == "fr":
        return "one" if count in (0, 1) else "other"
    return "one" if count == 1 else "other"


class Number(int):
    """A quantity in a message (bytes, characters, digits): shown with its language's digit grouping.

    An int all the same, so it chooses a plural form as a count does.
    """

    __slots__ = ()


# CLDR's digit grouping for the languages shipped, as `plural_category` holds their plural
# rules: "5,000" in English, "5.000" in German, "5 000" (a narrow no-break space) in French.
_GROUPING = {"de": ".", "fr": "\u202f"}


def grouped(number: int, language: str) -> str:
    """`number` with the digit grouping of `language` (English's for a language famsupport does not ship)."""
    return f"{number:,}".replace(",", _GROUPING.get(language, ","))


def placeholders(entry: Entry) -> frozenset[str]:
    """The {placeholders} of an entry (all its forms); ValueError if its braces are broken."""
    texts = [entry] if isinstance(entry, str) else entry.texts()
    return frozenset(name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def _shaped_placeholders(entry: Entry) -> list[str]:
    """The placeholders written with a format spec or a conversion ({version:>9}, {path!r}); braces are whole."""
    texts = [entry] if isinstance(entry, str) else entry.texts()
    parsed = (part for text in texts for part in string.Formatter().parse(text))
    return [name for _, name, spec, conversion in parsed if name is not None and (spec or conversion)]


def entry_problems(entry: Entry, declared: Entry | None) -> list[str]:
    """The one check of an entry against its declaration (the shipped English text): [] when it fits.

    Braces must be closed; plural forms hold the number that chooses them; and the entry has the
    same forms (a text, or plural forms) and the same placeholders as the English text. A
    language may choose its forms by another number than English does.
    """
    try:
        used = placeholders(entry)
    except ValueError as error:
        return [f"a placeholder is broken: {error} (write {{{{ and }}}} for literal braces)"]
    if shaped := _shaped_placeholders(entry):
        # A format spec is a pack's way to make famsupport pad a text to gigabytes, or fail on a value.
        return [f"a placeholder takes no format or conversion: write {{{shaped[0]}}} as it stands in the English text"]
    if isinstance(entry, Plural) and (entry.number or COUNT) not in used:
        return [f"the forms are chosen by {{{entry.number or COUNT}}}, which the text does not hold (name another with `number:`)"]
    if declared is None:
        return []
    if isinstance(entry, str) != isinstance(declared, str):
        return ["give the same forms as the English text (a text, or `one:` and `other:`)"]
    try:
        wanted = placeholders(declared)
    except ValueError:
        return []
    if used == wanted:
        return []
    unknown = ", ".join("{" + name + "}" for name in sorted(used - wanted))
    missing = ", ".join("{" + name + "}" for name in sorted(wanted - used))
    shown = ", ".join("{" + name + "}" for name in sorted(wanted)) or "none"
    found = "; ".join(part for part in (unknown and f"unknown placeholder {unknown}", missing and f"leaves out {missing}") if part)
    return [f"{found}: keep the placeholders of the English text ({shown})"]


class Text:
    """A message by key and values, rendered in the current language when turned into a string.

    Values may themselves be `Text`s; they are rendered in the same language.
    """

    __slots__ = ("key", "values")

    def __init__(self, key: str, /, **values: Any) -> None:
        self.key = key
        self.values = values

    def __str__(self) -> str:
        return render(self.key, self.values)

    def in_language(self, language: str) -> str:
        return render(self.key, self.values, language)

    def __repr__(self) -> str:
        return f"Text({self.key!r}, {self.values!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.key, self.values) == (other.key, other.values)

    __hash__ = None  # type: ignore[assignment]  # values may be unhashable; equal Texts need not share a hash


def use_language(code: str | None) -> None:
    """The language every message is shown in from now on (a command calls this once it knows; None: the locale's)."""
    global _language  # noqa: PLW0603 - one process, one practitioner, one language; set only at the edge (app.py)
    _language = code


def current_language() -> str:
    """The language chosen by the command, else the locale's (when translated), else English."""
    return _language if _language is not None else locale_language(available_languages())


def render(key: str, values: Mapping[str, Any], language: str | None = None) -> str:
    """The message `key` in the language, with its values filled in; in English where the translation fails."""
    code = language or current_language()
    shown = {name: value.in_language(code) if isinstance(value, Text) else value for name, value in values.items()}
    for candidate in dict.fromkeys([code, "en"]):
        entry = catalogue(candidate).get(key)
        if entry is None:
            continue
        text = entry if isinstance(entry, str) else entry.form(candidate, shown)
        filled = {name: grouped(value, candidate) if isinstance(value, Number) else value for name, value in shown.items()}
        try:
            return text.format(**filled)
        except (KeyError, IndexError, ValueError):  # a broken placeholder: try English
            continue
    return f"{key} {dict(shown)}" if shown else key


def catalogue(language: str) -> dict[str, Entry]:
    """The messages of one language as written in its file (English from content/, others from i18n/)."""
    if language not in _catalogues:
        _catalogues[language] = _read_catalogue(language)
    return _catalogues[language]


def _read_catalogue(language: str) -> dict[str, Entry]:
    root = shipped_content_dir()
    path = root / MESSAGES_FILE if language == "en" else root / "i18n" / language / MESSAGES_FILE
    try:
        import yaml  # here, not at the top: `--help` and every run without a message stay without PyYAML

        # PyYAML's safe loader, not content.yamlfile: the file ships with famsupport (content
        # validate checks it with yamlfile), and yamlfile's own errors are messages.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except Exception:  # noqa: BLE001 - an error message must never fail because its words cannot be read
        return {}
    if not isinstance(data, dict):
        return {}
    entries: dict[str, Entry] = {}
    for key, value in data.items():
        if isinstance(value, str):
            entries[str(key)] = value
        elif isinstance(value, dict):
            forms = {name: text for name, text in value.items() if name in ("one", "other", "number") and isinstance(text, str)}
            if "one" in forms and "other" in forms:
                entries[str(key)] = Plural(**forms)
    return entries
