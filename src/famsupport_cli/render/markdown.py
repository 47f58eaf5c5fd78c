"""Markdown for a person: as it is when piped or asked for, rendered on a terminal, paged for a long summary.

The text comes from packs and journal files, so it passes the sanitiser first: on a terminal
every unsafe character is shown visibly; into a pipe or a file it is left out (`safe.stripped`).
Links are shown with their address, never as hidden terminal hyperlinks.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from famsupport_cli.io import display
from famsupport_cli.render import safe

if TYPE_CHECKING:
    from rich.console import RenderableType


def _rendered(text: str) -> RenderableType:
    from rich.markdown import Markdown

    return Markdown(safe.text(text), hyperlinks=False)


def show_markdown(text: str, *, as_markdown: bool = False) -> None:
    """Markdown as is (minus unsafe characters) when asked for or piped; nicely rendered on a terminal."""
    if as_markdown or not sys.stdout.isatty():
        sys.stdout.write(safe.text(text) if sys.stdout.isatty() else safe.stripped(text))
        return

    display.out_console().print(_rendered(text))


def show_case(handout: str, intro: str) -> None:
    """A training case on stderr before an interactive walk, so the participant can read it first."""
    console = display.err_console()
    console.print(_rendered(handout))
    console.print(safe.text(intro), markup=False)
    console.print()


def page_summary(heading: str, text: str, *, is_json: bool) -> None:
    """A summary from the journal through the pager (as git does: colours kept, no pager for a short text)."""
    from rich.syntax import Syntax

    os.environ.setdefault("LESS", "-FRX")
    console = display.out_console()
    body = Syntax(safe.text(text), "json", word_wrap=True, background_color="default") if is_json else _rendered(text)
    with console.pager(styles=True):
        console.print(f"[dim]{safe.markup(heading, one_line=True)}[/dim]\n")
        console.print(body)
