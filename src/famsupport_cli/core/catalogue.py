"""The trust-building catalogue, for browsing outside any reflection."""

from __future__ import annotations

import json

from famsupport_cli.content.bundle import Bundle
from famsupport_cli.content.models import Recommendation
from famsupport_cli.core.summary import md_inline, md_text
from famsupport_cli.errors import invalid_input
from famsupport_cli.messages import Text


def select(bundle: Bundle, level: str | None) -> list[Recommendation]:
    """All recommendations, or those of one level, in catalogue order."""
    levels = [item.id for item in bundle.recommendations.levels]
    if level is not None and level not in levels:
        raise invalid_input(Text("no_such_level", level=level), hint=Text("choose_one_of", values=", ".join(levels)))
    return [item for item in bundle.recommendations.recommendations if level is None or item.level == level]


def to_markdown(bundle: Bundle, chosen: list[Recommendation]) -> str:
    ui = bundle.ui
    parts: list[str] = []
    for level in bundle.recommendations.levels:
        items = [item for item in chosen if item.level == level.id]
        if not items:
            continue
        parts += [f"# {md_inline(level.title)}", "", md_text(level.summary), ""]
        for item in items:
            parts += [f"## {md_inline(item.title)}", "", md_text(item.explanation), "", f"**{md_inline(ui.things_to_try)}:**", ""]
            parts += [f"- {md_inline(step)}" for step in item.try_]
            parts += ["", f"_{md_inline(ui.sources_drawn_on)}: {', '.join(item.sources)}_", ""]
    return "\n".join(parts)


def to_json(bundle: Bundle, chosen: list[Recommendation]) -> str:
    data = {
        "levels": [level.model_dump() for level in bundle.recommendations.levels],
        "recommendations": [item.model_dump(by_alias=True) for item in chosen],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
