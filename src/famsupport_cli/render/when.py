"""Moments as a person reads them: local time, to the minute (the history's dates, a draft's time)."""

from __future__ import annotations

from datetime import datetime


def shown_date(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else "?"


def shown_saved(saved: str | None) -> str:
    """When a draft was saved, as the history shows dates (local time, to the minute); as written if it is no time."""
    if saved is None:
        return "?"
    try:
        moment = datetime.fromisoformat(saved)
    except ValueError:
        return saved
    return shown_date(moment.astimezone() if moment.tzinfo is not None else moment)
