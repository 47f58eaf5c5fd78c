"""A cache of checked content, so a scripted run does not parse and check the YAML every time.

It holds data only: JSON, validated back into the pydantic models on reading, so a file
planted in the cache folder can at worst be refused, never run. (It was a pickle. Measured
with benchmarks/cache.py, the JSON cache still saves a scripted `decide` about 40 ms of its
~300, well above the 10 ms a start-up trick must buy to stay.)

A cache file is a format line, the key as one JSON string, and the data. The key covers
everything the result depends on: famsupport's, Python's and pydantic's versions, the source
files of the classes in the result, the language, and the path, size and modification time
of every content file (shipped and pack). It is compared, byte for byte, before the data is
even parsed; a stale, damaged or unsafe file (a symlink, a FIFO, another user's, writable by
others, too large: see `paths.read_own_file`) is simply rebuilt. It lives in the user cache
folder (`$FAMSUPPORT_HOME/cache` with FAMSUPPORT_HOME), owner-only like every famsupport folder.
`FAMSUPPORT_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import stat
import sys
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar, cast

import pydantic
from pydantic import BaseModel, ConfigDict, TypeAdapter

from famsupport_cli import __version__, messages
from famsupport_cli.content import bundle, models, ui
from famsupport_cli.content.bundle import Bundle, Problem, shipped_content_dir
from famsupport_cli.content.models import Checklist, RecommendationsFile, Source
from famsupport_cli.content.ui import UiText
from famsupport_cli.errors import ExitCode, FamsupportError
from famsupport_cli.io import paths
from famsupport_cli.io.writer import write_private_bytes

_KEEP = 8  # files: one per kind of content, language and pack used
_FORMAT = b"famsupport-cache 2\n"
SUFFIX = ".json"
MAX_CACHE_BYTES = 50_000_000
_OWN_NAME = re.compile(r"[a-z]+-[A-Za-z_-]+-[0-9a-f]{8}\.(json|pickle)")  # as `_file_name` names them
T = TypeVar("T")

Dump = Callable[[Any], bytes]
Load = Callable[[bytes], Any]


def _key(pack: Path | None, language: str, modules: Sequence[ModuleType]) -> str:
    """Everything the checked content depends on, as one text."""
    parts = [__version__, sys.version, pydantic.VERSION, language]
    # The classes the data is validated into: a change to their code must not be served old data.
    for module in modules:
        source = Path(module.__file__ or "")
        if source.is_file():
            parts.append(f"{source}|{source.stat().st_size}|{source.stat().st_mtime_ns}")
    for root in (shipped_content_dir(), pack):
        if root is not None and root.is_dir():
            parts += sorted(_yaml_files(str(root)))
    return "\n".join(parts)


def _yaml_files(folder: str) -> list[str]:
    """`path|size|mtime` of every YAML file under `folder` (os.scandir: Path.rglob costs ~1 ms more)."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):  # as rglob: no endless loop through a link
                found += _yaml_files(entry.path)
            elif entry.name.endswith((".yaml", ".yml")) and entry.is_file():
                info = entry.stat()
                found.append(f"{entry.path}|{info.st_size}|{info.st_mtime_ns}")
    return found


def _file_name(kind: str, pack: Path | None, language: str) -> str:
    """One cache file per kind, language and pack; its key inside says whether it is current."""
    return f"{kind}-{language}-{zlib.crc32(str(pack).encode()):08x}{SUFFIX}"


def cached_bundle(pack: Path | None, language: str, build: Callable[[], Bundle]) -> Bundle:
    """The bundle from the cache if it is current; otherwise built, and kept for next time."""
    return cached("content", pack, language, build, Bundle, (bundle, models, ui, messages))


def cached(kind: str, pack: Path | None, language: str, build: Callable[[], T], expected: type[T], modules: Sequence[ModuleType]) -> T:
    """`build()`'s result from the cache if it is current and valid as `expected`; otherwise built, and kept.

    `modules` define the classes in the result: a change to their source makes the cache stale.
    """
    if os.environ.get("FAMSUPPORT_NO_CACHE"):
        return build()
    folder = paths.cache_dir()
    try:
        paths.check_home_of(folder)  # whoever could write into the famsupport folder could swap the cache for a link
    except FamsupportError:
        return build()  # no place to keep or prune files; the commands that read that folder say why
    try:
        paths.own_folder(folder)  # created 0700, or tightened; another user's cache folder is refused
        path = folder / _file_name(kind, pack, language)
        key = _key(pack, language, modules)
    except FamsupportError as error:
        if error.exit_code == ExitCode.INVALID_INPUT:
            raise
        return build()  # e.g. a read-only home: the cache is a convenience
    except OSError:
        return build()
    dump, load = _codec(expected)
    header = _FORMAT + json.dumps(key).encode() + b"\n"
    with contextlib.suppress(Exception):  # a stale, damaged or unsafe cache file is rebuilt, never fatal
        found = paths.read_own_file(path, limit=MAX_CACHE_BYTES)
        if found is not None and found.startswith(header):  # the key, checked before the data is even parsed
            return cast(T, load(found[len(header) :]))
    value = build()
    with contextlib.suppress(Exception):  # failing to write the cache changes nothing
        _store(folder, path, header + dump(value))
    return value


def _codec(expected: type[Any]) -> tuple[Dump, Load]:
    """How a value of `expected` becomes JSON and is validated back (pydantic)."""
    if expected is Bundle:
        return _dump_bundle, _load_bundle

    adapter = TypeAdapter(expected)
    return adapter.dump_json, adapter.validate_json


@functools.cache  # building the validators is the costly part: once a run
def _bundle_data() -> type[Any]:
    """The bundle as pydantic sees it: its models as they are."""

    class ProblemData(BaseModel):
        model_config = ConfigDict(extra="forbid")
        file: str
        line: int | None
        column: int | None
        item: str
        message: str
        severity: str

    class BundleData(BaseModel):
        model_config = ConfigDict(extra="forbid")
        root: Path
        sources: dict[str, Source]
        checklists: dict[str, Checklist]
        recommendations: RecommendationsFile
        ui: UiText
        warnings: list[ProblemData]
        language: str

    return BundleData


def _dump_bundle(value: Bundle) -> bytes:
    problem_fields = ("file", "line", "column", "item", "message", "severity")
    data = _bundle_data()(
        root=value.root,
        sources=value.sources,
        checklists=value.checklists,
        recommendations=value.recommendations,
        ui=value.ui,
        warnings=[{name: getattr(problem, name) for name in problem_fields} for problem in value.warnings],
        language=value.language,
    )
    return cast(bytes, data.model_dump_json(by_alias=True).encode())


def _load_bundle(raw: bytes) -> Bundle:
    data = _bundle_data().model_validate_json(raw)
    if data.ui.problems():  # the placeholders are checked as the loader checks ui.yaml
        raise ValueError("the interface texts in the cache do not fit their declarations")
    return Bundle(
        root=data.root,
        sources=data.sources,
        checklists=data.checklists,
        recommendations=data.recommendations,
        ui=data.ui,
        warnings=tuple(Problem(**problem.model_dump()) for problem in data.warnings),
        language=data.language,
    )


def _store(folder: Path, path: Path, data: bytes) -> None:
    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISREG(path.lstat().st_mode):  # a FIFO or link planted in its place: the cache is ours to replace
            path.unlink()
    write_private_bytes(path, data, durable=False)  # derived data: a crash at worst loses it
    # One file per language and pack used; the least recently written beyond a few go, and so
    # do the pickles an older famsupport kept here (never read again). Only files named as
    # famsupport names its own: the folder may hold other files, or be a link someone made.
    ours = [found for found in folder.iterdir() if _OWN_NAME.fullmatch(found.name) and not found.is_symlink()]
    for stale in ours:
        if stale.suffix == ".pickle":
            stale.unlink(missing_ok=True)
    kept = sorted((found for found in ours if found.suffix == SUFFIX), key=lambda found: found.stat().st_mtime_ns, reverse=True)
    for old in kept[_KEEP:]:
        old.unlink(missing_ok=True)
