"""Spotting free text that looks as if it identifies someone (e-mail addresses, phone numbers)."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w])(?:\+|00)?\d[\d ()./-]{5,}\d(?![\w])")
# Dates and times are common in notes and are not phone numbers: 2026-11-21, 21.11.2026, 21/11/26, 10:00.
_DATE_OR_TIME = re.compile(r"(?<![\d+./-])(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}:\d{2})(?![\d./-])")
# Nor are case numbers as case systems write them, a year and a serial number (FS-2026-0042, 2026/117).
_CASE_NUMBER = re.compile(r"(?<![\w+])(?:[A-Za-z]{1,6}-)?(?:19|20)\d{2}[-/]\d{1,6}(?![\w./-])")


def looks_identifying(text: str) -> bool:
    """True if the text seems to hold an e-mail address or a phone number (8 or more digits)."""
    if _EMAIL.search(text):
        return True
    text = _CASE_NUMBER.sub(" ", _DATE_OR_TIME.sub(" ", text))
    return any(sum(char.isdigit() for char in match.group()) >= 8 for match in _PHONE.finditer(text))
