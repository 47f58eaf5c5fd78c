"""Where famsupport keeps its files: the famsupport folder, readable by its owner only."""

from __future__ import annotations

import os
import sys
from pathlib import Path

HOME_ENV = "FAMSUPPORT_HOME"


def famsupport_home() -> Path:
    """$FAMSUPPORT_HOME, or the platform's usual place for a user's data."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "famsupport"


def summaries_dir() -> Path:
    return famsupport_home() / "summaries"
