"""Layering content: shipped files, then an organisation's pack, then translations.

One merge serves all three. Mappings merge key by key; lists of items merge by
their `id` (or `value`, for options and outcomes): a matching item is merged, a
new item is appended (packs only; a translation cannot add items); any other
value is replaced. Every merged node remembers which file and place it came
from, so a validation error still names the right file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from famsupport_cli.content.yamlfile import Document, Path, Position

# Keys whose text is translated; everything else (ids, values, conditions, sources) is not.
TEXT_KEYS = frozenset({
    "title", "intro", "prompt", "help", "label", "min_label", "max_label", "summary", "reason",
    "reason_holds", "reason_fails", "reason_unsure", "text", "because", "explanation", "try", "note_step",
})  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """One layer's copy of a file."""

    label: str  # how messages name the file
    document: Document
    translation: bool = False
    all_text: bool = False  # ui.yaml: every value is interface text, so every key translates
    text_keys: frozenset[str] = TEXT_KEYS  # the keys whose values translate in this kind of file
    text_maps: frozenset[str] = frozenset()  # keys of mappings whose every value is text (a vignette's `why`)

    def translates(self, key: object) -> bool:
        return self.all_text or key in self.text_keys

    def translates_at(self, path: Path) -> bool:
        """Whether a translation may set the value at `path` (its key, or the mapping it sits in)."""
        return bool(path) and (self.translates(path[-1]) or (len(path) > 1 and path[-2] in self.text_maps))


@dataclass(frozen=True, slots=True, kw_only=True)
class Issue:
    """A problem in one pack or translation file, found while laying it over the shipped content."""

    source: Source
    path: Path
    item: str
    message: str


@dataclass
class Merged:
    """Content merged from its layers, with where every part came from (for positions in errors)."""

    data: Any = None
    origins: dict[Path, tuple[Source, Path]] = field(default_factory=dict)
    translated: set[Path] = field(default_factory=set)
    issues: list[Issue] = field(default_factory=list)

    def locate(self, path: Path) -> tuple[str, Position | None]:
        """The file and position a merged path came from (its nearest recorded ancestor)."""
        for cut in range(len(path), -1, -1):
            found = self.origins.get(path[:cut])
            if found is not None:
                source, origin_path = found
                return source.label, source.document.position(origin_path + path[cut:])
        return "", None


def item_key(item: Any) -> str | None:
    if isinstance(item, dict):
        for key in ("id", "value"):
            if isinstance(item.get(key), str):
                return key
    return None


def merge_layers(sources: list[Source]) -> Merged:
    """Merge the layers in order; the first is the base."""
    merged = Merged()
    for source in sources:
        _check_duplicates(merged, source, source.document.data, ())
        if merged.data is None and not source.translation:
            merged.data = source.document.data
            merged.origins[()] = (source, ())
        else:
            merged.data = _merge(merged, source, merged.data, source.document.data, (), ())
    return merged


def _merge(merged: Merged, source: Source, base: Any, over: Any, at: Path, origin: Path) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        result = dict(base)
        for key, value in over.items():
            child, child_origin = (*at, key), (*origin, key)
            if key in base:
                result[key] = _merge(merged, source, base[key], value, child, child_origin)
            elif source.translation and not source.translates_at(child):
                merged.issues.append(
                    Issue(source=source, path=child_origin, item=str(key), message=f"'{key}' is not a text to translate; it is ignored")
                )
            else:
                result[key] = _take(merged, source, value, child, child_origin)
        return result
    if isinstance(base, list) and isinstance(over, list) and base and item_key(base[0]) and all(item_key(i) for i in over):
        return _merge_items(merged, source, base, over, at, origin)
    if source.translation and at and not source.translates_at(at):
        if over != base:
            merged.issues.append(
                Issue(source=source, path=origin, item=str(at[-1]), message=f"'{at[-1]}' cannot be changed by a translation; it is ignored")
            )
        return base
    return _take(merged, source, over, at, origin)


def _merge_items(merged: Merged, source: Source, base: list[Any], over: list[Any], at: Path, origin: Path) -> list[Any]:
    key = item_key(base[0]) or "id"
    result = list(base)
    positions = {item[key]: index for index, item in enumerate(base) if isinstance(item, dict) and isinstance(item.get(key), str)}
    for over_index, item in enumerate(over):
        ident = item.get(key)
        if ident in positions:
            index = positions[ident]
            result[index] = _merge(merged, source, base[index], item, (*at, index), (*origin, over_index))
        elif source.translation:
            merged.issues.append(
                Issue(
                    source=source,
                    path=(*origin, over_index),
                    item=str(ident),
                    message="this item does not exist in the content it translates",
                )
            )
        else:
            positions[ident] = len(result)
            result.append(_take(merged, source, item, (*at, len(result)), (*origin, over_index)))
    return result


def _take(merged: Merged, source: Source, value: Any, at: Path, origin: Path) -> Any:
    merged.origins[at] = (source, origin)
    if source.translation:
        merged.translated.add(at)
    return value


def _check_duplicates(merged: Merged, source: Source, node: Any, origin: Path) -> None:
    """Repeated ids inside one file would silently merge into one item; name them instead."""
    if isinstance(node, dict):
        for key, value in node.items():
            _check_duplicates(merged, source, value, (*origin, key))
    elif isinstance(node, list):
        key = item_key(node[0]) if node else None
        seen: set[Any] = set()
        for index, item in enumerate(node):
            ident = item.get(key) if key and isinstance(item, dict) else None
            ident = ident if isinstance(ident, str) else None  # not an id at all: validation names it
            if ident is not None and ident in seen:
                merged.issues.append(
                    Issue(
                        source=source,
                        path=(*origin, index, key or "id"),
                        item=str(ident),
                        message=f"this {key} is used twice in the same list",
                    )
                )
            seen.add(ident)
            _check_duplicates(merged, source, item, (*origin, index))


def untranslated(
    merged: Merged,
    base: Any,
    *,
    all_text: bool = False,
    text_keys: frozenset[str] = TEXT_KEYS,
    text_maps: frozenset[str] = frozenset(),
) -> list[str]:
    """Readable paths of the texts in `base` that no translation layer replaced (keys as in `Source`)."""
    missing: list[str] = []

    def visit(node: Any, at: Path, readable: str) -> None:
        if isinstance(node, dict):
            in_text_map = bool(at) and at[-1] in text_maps
            for key, value in node.items():
                if (all_text or key in text_keys or in_text_map) and isinstance(value, str | list):
                    if (*at, key) not in merged.translated:
                        missing.append(f"{readable}.{key}".lstrip("."))
                else:
                    visit(value, (*at, key), f"{readable}.{key}")
        elif isinstance(node, list):
            for index, item in enumerate(node):
                key = item_key(item)
                visit(item, (*at, index), f"{readable}[{item[key]}]" if key else f"{readable}[{index}]")

    visit(base, (), "")
    return missing
