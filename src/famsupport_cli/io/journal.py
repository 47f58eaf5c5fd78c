"""The practitioner's journal: the summaries kept in the famsupport folder, and the folder's privacy.

Every summary written without `--output` lands in `<famsupport folder>/summaries/`. This
module reads them back (the YAML front matter of a Markdown summary, or the JSON), never
trusting a file to be whole: a damaged one becomes an entry with a `problem`, not a crash.
It also keeps the folder owner-only (folders 0700, files 0600), tightening on every write.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from famsupport_cli.content import yamlfile
from famsupport_cli.core.wellbeing import EARLIEST_YEAR, LATEST_YEAR, within_reach
from famsupport_cli.errors import FamsupportError
from famsupport_cli.io import paths
from famsupport_cli.messages import Text

SUFFIXES = (".md", ".json")
MAX_SUMMARY_BYTES = 2_000_000
# Names famsupport gives summaries: 2026-11-21-093000-decide.md (the date in the run's own time zone).
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-\d{6}-")


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One summary in the journal, as much as could be read of it."""

    path: Path
    kind: str | None = None
    date: datetime | None = None
    recommendation: str | None = None
    final_format: str | None = None
    overridden: bool = False
    recommendations: tuple[str, ...] = ()
    problem: str | None = None  # why the file could not be read as a summary

    def sort_key(self) -> tuple[float, str]:
        moment = self.date or _date_from_name(self.path)
        if moment is None:
            with contextlib.suppress(OSError):
                return (self.path.stat().st_mtime, self.path.name)
            return (0.0, self.path.name)
        return (moment.timestamp(), self.path.name)


def journal_dir() -> Path:
    return paths.summaries_dir()


def summary_files(folder: Path | None = None) -> list[Path]:
    """The summaries in the journal (hidden and temporary files left out)."""
    folder = folder or journal_dir()
    paths.check_folder(folder)
    try:
        children = list(folder.iterdir())
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        raise FamsupportError(Text("summaries_folder_is_file", folder=folder), hint=Text("move_the_file_away")) from None
    except OSError as error:
        raise FamsupportError(Text("cannot_read_folder", folder=folder, reason=error.strerror or error)) from None
    return sorted(p for p in children if p.suffix in SUFFIXES and not p.name.startswith(".") and p.is_file())


def entries(folder: Path | None = None) -> list[Entry]:
    """Every summary in the journal, newest first."""
    return sorted((read_entry(path) for path in summary_files(folder)), key=Entry.sort_key, reverse=True)


def read_entry(path: Path) -> Entry:
    """A summary's front matter (Markdown) or data (JSON); a file that is not a readable summary gets a `problem`."""
    try:
        raw = paths.read_own_file(path, limit=MAX_SUMMARY_BYTES)
        if raw is None:
            return Entry(path=path, problem=str(Text("own_file_gone")))
        text = raw.decode("utf-8")
    except paths.UnsafeFile as unsafe:
        return Entry(path=path, problem=unsafe.message.rstrip("."))  # a clause, as the other problems are
    except UnicodeDecodeError:
        return Entry(path=path, problem=str(Text("not_utf8_text")))
    except OSError as error:
        return Entry(path=path, problem=str(error.strerror or error))
    return entry_from_text(path, text)


def entry_from_text(path: Path, text: str) -> Entry:
    """The entry of a summary whose text was read already (`show` reads one from anywhere)."""
    data, problem = _parse(path, text)
    if data is None:
        return Entry(path=path, problem=str(problem))
    return _entry(path, data)


def _parse(path: Path, text: str) -> tuple[dict[str, Any] | None, Text | None]:
    if path.suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:  # Python's own words for what is wrong, quoted as they are
            return None, Text("summary_not_json", line=error.lineno, detail=error.msg)
        except RecursionError:
            return None, Text("summary_json_too_deep")
    else:
        try:
            document = yamlfile.parse_front_matter(text, str(path))
        except yamlfile.YamlSyntaxError as error:
            problem = error.said or error.problem.rstrip(".")
            if error.line is None:
                return None, Text("summary_front_matter_not_yaml", problem=problem)
            return None, Text("summary_front_matter_not_yaml_at", line=error.line, problem=problem)
        except FamsupportError as error:  # too large to be front matter
            return None, Text("summary_front_matter_not_yaml", problem=error.message.rstrip("."))
        if document is None:
            opened = text.split("\n", 1)[0].rstrip() == "---"
            return None, Text("summary_front_matter_unclosed") if opened else Text("summary_no_front_matter")
        data = document.data
    if not isinstance(data, dict) or "famsupport" not in data:
        return None, Text("summary_not_famsupport")
    return data, None


def _entry(path: Path, data: dict[str, Any]) -> Entry:
    kind = data.get("kind")
    if not isinstance(kind, str) or not kind:
        return Entry(path=path, problem=str(Text("summary_no_kind")))
    raw_date = data.get("date")
    try:
        moment = datetime.fromisoformat(str(raw_date)) if isinstance(raw_date, str) else None
    except ValueError:
        moment = None
    if raw_date is None:
        return Entry(path=path, kind=kind, problem=str(Text("summary_no_date")))
    if moment is None:
        return Entry(path=path, kind=kind, problem=str(Text("summary_date_not_a_date", date=yamlfile.excerpt(str(raw_date)))))
    if not within_reach(moment):
        return Entry(path=path, kind=kind, problem=str(Text("date_out_of_reach", date=raw_date, first=EARLIEST_YEAR, last=LATEST_YEAR)))
    recommendations = data.get("recommendations")
    return Entry(
        path=path,
        kind=kind,
        date=moment,
        recommendation=_text(data.get("recommendation")),
        final_format=_text(data.get("final_format")),
        overridden=data.get("overridden") is True,
        recommendations=tuple(str(item) for item in recommendations) if isinstance(recommendations, list) else (),
    )


def _text(value: Any) -> str | None:
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None


def _date_from_name(path: Path) -> datetime | None:
    found = _NAME.match(path.name)
    if not found:
        return None
    try:
        moment = datetime.fromisoformat(found.group(1))
    except ValueError:
        return None
    return moment if within_reach(moment) else None


def prepared_between(
    kind: str, first: date, last: date, folder: Path | None = None, *, on_uncounted: Callable[[Entry], None] | None = None
) -> list[datetime]:
    """When each readable summary of `kind` dated around first..last was prepared.

    A summary's name carries its date in its own time zone, so only files named within a day
    of the span are opened (plus any file whose name does not follow famsupport's pattern).
    A summary of `kind` that cannot be dated (e.g. `date: 9999-12-31`) is handed to `on_uncounted`,
    so the edge can say which file was not counted.
    """
    moments = []
    for path in summary_files(folder):
        day = _date_from_name(path)
        if day is not None and not first - timedelta(days=1) <= day.date() <= last + timedelta(days=1):
            continue
        entry = read_entry(path)
        if entry.problem is None and entry.kind == kind and entry.date is not None:
            moments.append(entry.date)
        elif entry.kind == kind and on_uncounted is not None:
            on_uncounted(entry)
    return moments


# --- keeping the famsupport folder private -----------------------------------------------------


def make_private(folder: Path, files: Iterable[Path] = ()) -> list[Path]:
    """Create `folder` if needed; make it 0700 and the given files 0600. Returns what had to be tightened."""
    tightened = paths.own_folder(folder)
    if os.name != "posix":
        return tightened
    for path in files:
        try:
            info = path.lstat()
        except OSError:
            continue
        mode = info.st_mode
        # Another user's file is not famsupport's to change (reading it is refused, see paths.read_own_file).
        if stat.S_ISLNK(mode) or info.st_uid != os.geteuid() or stat.S_IMODE(mode) & 0o077 == 0:
            continue
        try:
            path.chmod(stat.S_IMODE(mode) & 0o600)
        except OSError as error:
            raise FamsupportError(Text("cannot_make_private", path=path, reason=error.strerror or error)) from None
        tightened.append(path)
    return tightened


def secure_home(*subfolders: str) -> list[Path]:
    """The famsupport folder and the named subfolders (with their files) owner-only; what was tightened."""
    home = paths.data_dir()
    config = paths.config_file()
    tightened = make_private(home, [config] if config.parent == home and config.exists() else [])
    for name in subfolders:
        folder = home / name
        files = [child for child in folder.iterdir() if child.is_file()] if folder.is_dir() else []
        tightened += make_private(folder, files)
    return tightened


def loose_paths() -> list[Path]:
    """Parts of the famsupport folders other people on this computer could read (not changed here)."""
    if os.name != "posix":
        return []
    home = paths.data_dir()
    candidates = list(dict.fromkeys([home, paths.config_dir(), paths.config_file(), journal_dir(), *summary_files()]))
    found = []
    for path in candidates:
        try:
            mode = path.lstat().st_mode
        except OSError:
            continue
        if not stat.S_ISLNK(mode) and stat.S_IMODE(mode) & 0o077:
            found.append(path)
    return found
