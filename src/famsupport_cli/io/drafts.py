"""Drafts: the answers of an interrupted walk, kept so that `--resume` can continue it.

One file per checklist, `<famsupport folder>/drafts/<checklist>.yaml`, owner-only (0600),
written whole after every answer (atomically, through io/writer.py), so that Ctrl-C, a
closed terminal or a crash loses at most the answer being typed. It is removed once the
summary is written. A damaged draft is reported, never silently used or replaced.

A draft carries the sha256 of its answers in its header (`answers_sha256`, format 2), so a
draft cut short (a full disk, a copy interrupted) or edited by hand is refused, not half used.
Format 1 drafts (no checksum) were written by earlier versions and are still read.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from famsupport_cli.content import yamlfile
from famsupport_cli.errors import FamsupportError, invalid_input
from famsupport_cli.io import paths, writer
from famsupport_cli.io.journal import secure_home
from famsupport_cli.messages import Text

DRAFT_FORMAT = 2
_READABLE_FORMATS = (1, DRAFT_FORMAT)  # 1: written before drafts had a checksum
_CHECKLIST_ID = re.compile(r"^[a-z][a-z0-9_-]*$")
_CHECKSUM = re.compile(r"^answers_sha256: ['\"]?([0-9a-f]{64})['\"]?$", re.MULTILINE)
_ANSWERS_START = re.compile(r"^answers:", re.MULTILINE)


class DraftKept(KeyboardInterrupt):
    """Ctrl-C during a walk whose answers are kept as a draft; `note` says so and how to resume."""

    def __init__(self, note: str) -> None:
        super().__init__(note)
        self.note = note


@dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    """A draft as read from its file; `problem` says why it cannot be used."""

    checklist: str
    path: Path
    saved: str | None = None
    content_version: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # where each answer stands in the file
    problem: str | None = None


MAX_DRAFT_BYTES = 1_000_000


def drafts_dir() -> Path:
    return paths.drafts_dir()


def draft_path(checklist_id: str) -> Path:
    if not _CHECKLIST_ID.match(checklist_id):
        raise invalid_input(Text("not_a_checklist_name", name=checklist_id), hint=Text("not_a_checklist_name_hint"))
    return drafts_dir() / f"{checklist_id}.yaml"


def save(checklist_id: str, content_version: str, answers: Mapping[str, Any], command: str) -> tuple[Path, list[Path]]:
    """Write the draft whole (0600, atomically); returns its path and what had to be made private."""
    tightened = secure_home("drafts")
    path = draft_path(checklist_id)
    body = yamlfile.dump({"answers": dict(answers)} if answers else {"answers": {}})
    meta = {
        "famsupport_draft": DRAFT_FORMAT,
        "checklist": checklist_id,
        "content_version": content_version,
        "saved": datetime.now().astimezone().replace(microsecond=0).isoformat(),
        "answers_sha256": _checksum(body),
    }
    header = f"# {Text('draft_file_header', checklist=checklist_id, command=command)}\n"
    writer.write_private(path, header + yamlfile.dump(meta) + body, force=True)
    return path, tightened


def read(checklist_id: str) -> Draft | None:
    """The draft of a checklist, None if there is none; a damaged draft comes back with a `problem`."""
    return _read(draft_path(checklist_id), checklist_id)


def _checksum(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _integrity_problem(text: str) -> str | None:
    """Why a format-2 draft is not whole: its checksum is missing or does not match its answers."""
    found, start = _CHECKSUM.search(text), _ANSWERS_START.search(text)
    if found is None or start is None or found.start() > start.start() or _checksum(text[start.start() :]) != found.group(1):
        return str(Text("draft_not_whole"))
    return None


def _read(path: Path, checklist_id: str) -> Draft | None:
    paths.check_folder(path.parent)
    try:
        data = paths.read_own_file(path, limit=MAX_DRAFT_BYTES)
        if data is None:
            return None
        text = data.decode("utf-8")
    except paths.UnsafeFile as unsafe:
        return Draft(checklist=checklist_id, path=path, problem=unsafe.message)
    except UnicodeDecodeError:
        return Draft(checklist=checklist_id, path=path, problem=str(Text("not_utf8_text")))
    except OSError as error:
        return Draft(checklist=checklist_id, path=path, problem=str(Text("cannot_be_read_because", reason=error.strerror or error)))
    if _CHECKSUM.search(text) is not None and (damaged := _integrity_problem(text)) is not None:
        return Draft(checklist=checklist_id, path=path, problem=damaged)  # checked first: a cut draft is rarely invalid YAML
    try:
        document = yamlfile.parse(text, str(path))
    except FamsupportError as error:
        return Draft(
            checklist=checklist_id, path=path, problem=error.message.replace(f"{path}:", "line ", 1).removeprefix(f"{path}: ").rstrip(".")
        )
    data = document.data
    if not isinstance(data, dict) or data.get("famsupport_draft") not in _READABLE_FORMATS:
        return Draft(checklist=checklist_id, path=path, problem=str(Text("not_a_draft")))
    if data.get("famsupport_draft") == DRAFT_FORMAT and _CHECKSUM.search(text) is None:
        return Draft(checklist=checklist_id, path=path, problem=str(Text("draft_not_whole")))
    if data.get("checklist") != checklist_id:
        return Draft(
            checklist=checklist_id,
            path=path,
            problem=str(Text("draft_of_other_checklist", found=data.get("checklist"), checklist=checklist_id)),
        )
    answers = data.get("answers")
    if answers is None:
        answers = {}
    if not isinstance(answers, dict):
        return Draft(checklist=checklist_id, path=path, problem=str(Text("draft_answers_not_a_mapping")))
    lines = {}
    for key in answers:
        position = document.position(("answers", key))
        if position is not None:
            lines[str(key)] = position.line
    saved = data.get("saved")
    version = data.get("content_version")
    return Draft(
        checklist=checklist_id,
        path=path,
        saved=str(saved) if saved is not None else None,
        content_version=str(version) if version is not None else None,
        answers={str(key): value for key, value in answers.items()},
        lines=lines,
    )


def all_drafts() -> list[Draft]:
    """Every draft in the famsupport folder, by checklist name."""
    folder = drafts_dir()
    paths.check_folder(folder)
    try:
        # Not only regular files: a FIFO or a link in a draft's place is listed as the damaged draft it is.
        files = sorted(p for p in folder.iterdir() if p.suffix == ".yaml" and not p.name.startswith(".") and not p.is_dir())
    except FileNotFoundError:
        return []
    except OSError as error:
        raise FamsupportError(Text("cannot_read_folder", folder=folder, reason=error.strerror or error)) from None
    found = []
    for path in files:
        name = path.stem
        draft = (
            _read(path, name)
            if _CHECKLIST_ID.match(name)
            else Draft(checklist=name, path=path, problem=str(Text("draft_name_not_a_checklist")))
        )
        if draft is not None:
            found.append(draft)
    return found


def remove(checklist_id: str) -> Path | None:
    """Remove a checklist's draft; its path if there was one."""
    path = draft_path(checklist_id)
    paths.check_folder(path.parent)  # whoever could write there could have made the folder a link elsewhere
    try:
        path.unlink()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise FamsupportError(Text("cannot_remove_draft", path=path, reason=error.strerror or error)) from None
    return path


def clear(checklist_id: str | None = None) -> list[Path]:
    """Remove one checklist's draft, or all of them (damaged ones too).

    Only files named as famsupport names its drafts (`decide.yaml`): another YAML file someone
    put in the folder is listed by `famsupport drafts` as not a draft, and left where it is.
    """
    if checklist_id is not None:
        removed = remove(checklist_id)
        return [removed] if removed else []
    folder = drafts_dir()
    paths.check_folder(folder)
    removed_paths = []
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix == ".yaml" and _CHECKLIST_ID.match(p.stem) and not p.is_dir())
    except FileNotFoundError:
        return []
    except OSError as error:
        raise FamsupportError(Text("cannot_read_folder", folder=folder, reason=error.strerror or error)) from None
    for path in files:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise FamsupportError(Text("cannot_remove_draft", path=path, reason=error.strerror or error)) from None
        removed_paths.append(path)
    return removed_paths
