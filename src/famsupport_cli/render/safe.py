"""The one sanitiser between text that came from a file and the terminal (or a pager, or a document).

Files are untrusted: an answers file, a journal entry, a draft, a pack or a file name may hold
escape sequences (a clipboard write, a window title, a hidden link, a cleared screen) or bidi
overrides that make a line read differently from what it holds. Before any of it is shown,
such characters are replaced by a visible form (`\\x1b`, `<U+202E>`), so they are seen, never
executed. Documents written for a reader (Markdown summaries) keep the text as typed, minus
these characters (`stripped`).
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 controls (tab and newline are decided per context), DEL and the C1 controls (0x9b is a
# CSI on its own); the bidi embeddings, overrides and isolates and the bidi marks; the line and
# paragraph separators and the interlinear annotation marks, which terminals do not show; the
# zero-width space, word joiner and byte-order mark, which hide inside a word (the zero-width
# joiners stay: emoji and some scripts need them).
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_INVISIBLE = "\u061c\u200b\u200e\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff\ufff9-\ufffb"
_UNSAFE = re.compile(f"[{_CONTROL}{_INVISIBLE}]")
_UNSAFE_IN_LINE = re.compile(f"[\t\n{_CONTROL}{_INVISIBLE}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# A whole escape sequence, for documents: a control sequence (ESC [ or the 8-bit CSI, its
# parameters, its final letter), a string (OSC, DCS, APC, PM, SOS) with its terminator, or ESC
# and one character (an unterminated string keeps its text). Removing only the ESC once left
# "[31mred[0m" in a summary.
_SEQUENCE = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)|\x1b[ -~]?")
# Breaks a reader's editor shows as new lines: typed or pasted, they must not run two lines together.
_LINE_BREAKS = re.compile("\r\n?|[\x85\u2028\u2029]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0x9F else f"<U+{code:04X}>"


def text(value: object) -> str:
    """Text for the terminal, over several lines: line breaks and tabs kept, everything else unsafe shown visibly."""
    return _UNSAFE.sub(_visible, str(value).replace("\r\n", "\n"))


def line(value: object) -> str:
    """Text for one line or one table cell (a file name, a value): line breaks and tabs shown too."""
    return _UNSAFE_IN_LINE.sub(_visible, str(value))


def file_name(value: object) -> str:
    """A name for a file famsupport writes, from a name it was given: every unsafe character an underscore.

    A control character or a line break in an answers file's name must not pass into the name of
    the summary written for it (`ls` would then drive the terminal, or show two lines).
    """
    return _UNSAFE_IN_LINE.sub("_", str(value))


def stripped(value: object) -> str:
    """Text for a document: as typed, minus escape sequences and unsafe characters (line breaks and tabs kept)."""
    return _UNSAFE.sub("", _SEQUENCE.sub("", _LINE_BREAKS.sub("\n", str(value))))


def markup(value: object, *, one_line: bool = False) -> str:
    """Text for a rich markup string: made visible, then escaped so `[bold]` in a file stays literal."""
    from rich.markup import escape

    return escape(line(value) if one_line else text(value))


def json_text(data: Any) -> str:
    """JSON for stdout: the data, indented, with every unsafe character written as a \\u escape."""
    return json_escaped(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def json_escaped(dumped: str) -> str:
    """JSON text (from json.dumps) with every unsafe character written as a \\u escape: the same data, still valid."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
