"""Lines fitted to the terminal: broken between words, never by the terminal's edge.

A terminal splits a line that is too long wherever the edge falls, often mid-word, so
everything famsupport prints is wrapped here first. Prose keeps a readable measure on
wide terminals, indented lines keep their indent, and a command quoted in a text
(`famsupport decide --resume`) stays on one line so it can be copied as it is.
"""

from __future__ import annotations

import os
import re
import sys
import textwrap

MEASURE = 100  # the widest line of prose, however wide the terminal
FALLBACK_COLUMNS = 80
_GLUE = "\x00"  # stands for a space that must not become a line break
# A command in a text: the program's name and the words after it that look like its arguments.
_COMMAND = re.compile(
    r"\b(?:famsupport|chmod)(?: [a-z][\w-]*){0,3}"  # the program and its command words ("config set max_sessions")
    r"(?: (?:--?[\w-]+|[A-Z][A-Z_]+|[\w.~-]*/[\w.~/-]*|\{\w+\}))*"  # then options, PLACEHOLDERS and paths
)


def columns() -> int:
    """The width of the terminal that stderr shows on (or $COLUMNS, or 80)."""
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns or FALLBACK_COLUMNS
    except (OSError, ValueError, AttributeError):
        try:
            return int(os.environ.get("COLUMNS", "")) or FALLBACK_COLUMNS
        except ValueError:
            return FALLBACK_COLUMNS


def _on_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def line_width(width: int | None = None) -> int:
    """How wide a printed line may be: the terminal's width less one column, at most MEASURE."""
    # One column to spare: some terminals wrap early when a line fills the last column.
    return max(20, min((width or columns()) - 1, MEASURE))


def fill(text: str, width: int | None = None, *, hanging: int = 0) -> str:
    """`text` wrapped line by line; each line keeps its own indent, continuation lines `hanging` more.

    Without a width and with stderr going to a file or a pipe, the text stays as it is: a log or
    another program has no edge to wrap at, and a line broken there only gets harder to search.
    """
    if width is None and not _on_terminal():
        return text
    limit = line_width(width)
    return "\n".join(_fill_line(line, limit, hanging) for line in text.split("\n"))


def wrap(text: str, width: int | None = None, *, hanging: int = 0) -> list[str]:
    """The lines of `fill`, as a list (for layouts that place each line themselves)."""
    return fill(text, width, hanging=hanging).split("\n")


def _fill_line(line: str, limit: int, hanging: int) -> str:
    if len(line) <= limit:
        return line
    indent = line[: len(line) - len(line.lstrip(" "))]
    glued = _COMMAND.sub(lambda match: match.group().replace(" ", _GLUE), line)
    lines = textwrap.wrap(
        glued.strip(" "),
        width=limit,
        initial_indent=indent,
        subsequent_indent=indent + " " * hanging,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return "\n".join(lines).replace(_GLUE, " ")
