"""Tables for the terminal (rich), and their plain-text form when stdout is not a terminal.

Cells are plain strings, which come from files more often than not: each is made visible
and escaped (render/safe.py) here. A cell that is already a rich renderable (a coloured bar)
is built by this layer and passed as is.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from famsupport_cli.io import display
from famsupport_cli.render import safe

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

Cell = Any  # a str (sanitised here) or a rich renderable made by render/


def _cell(value: Cell) -> RenderableType:
    return safe.markup(value, one_line=True) if isinstance(value, str) else value


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    title: str | None = None,
    compact: bool = False,
    styles: Sequence[str | None] | None = None,
    columns: Sequence[dict[str, Any]] | None = None,
) -> Table:
    """A rich table; `compact`: no box (listings), `columns`: rich options per column (justify, overflow)."""
    from rich.table import Table

    options: dict[str, Any] = {"box": None, "pad_edge": False, "show_edge": False} if compact else {}
    shown = Table(title=safe.markup(title) if title else None, title_justify="left", expand=False, **options)
    for number, header in enumerate(headers):
        shown.add_column(safe.markup(header), **(columns[number] if columns else {}))
    for number, row in enumerate(rows):
        shown.add_row(*(_cell(value) for value in row), style=styles[number] if styles else None)
    return shown


def print_table(shown: Table) -> None:
    display.out_console().print(shown)


def rows_on_stdout(headers: Sequence[str], rows: Sequence[Sequence[str]], *, separator: str = "\t") -> None:
    """A table on a terminal; otherwise one line per row, cells joined by `separator` (a tab, or aligned columns with "  ")."""
    if sys.stdout.isatty():
        print_table(table(headers, rows))
        return
    cells = [[safe.line(value) for value in row] for row in rows]
    if separator == "\t":
        sys.stdout.write("".join("\t".join(row) + "\n" for row in cells))
        return
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers) - 1)] if cells else []
    for row in cells:
        sys.stdout.write(separator.join([*(f"{value:<{width}}" for value, width in zip(row, widths, strict=False)), row[-1]]) + "\n")
