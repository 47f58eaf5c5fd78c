"""A cache of checked content, so a scripted run does not parse and validate the YAML every time.

The key covers everything the result depends on: famsupport's, Python's and pydantic's
versions, the source files of the pickled classes, the language, and the path, size and
modification time of every content file (shipped and pack). The whole key is stored with the
bundle and compared on reading (no hash: hashlib's import alone costs a scripted run 2-3 ms),
so any change rebuilds; a cache file that cannot be read is simply rebuilt. It lives in the
famsupport folder, readable by its owner only, like everything there.
`FAMSUPPORT_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import TypeVar

from famsupport_cli import __version__
from famsupport_cli.content.bundle import Bundle, shipped_content_dir
from famsupport_cli.io import paths

_KEEP = 8  # files: one per kind of content, language and pack used
T = TypeVar("T")


def _key(pack: Path | None, language: str, modules: Sequence[ModuleType]) -> str:
    """Everything the checked content depends on, as one text."""
    import pydantic

    parts = [__version__, sys.version, pydantic.VERSION, language]
    # The classes that are pickled: a change to their code must not be served an old pickle.
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
                stat = entry.stat()
                found.append(f"{entry.path}|{stat.st_size}|{stat.st_mtime_ns}")
    return found


def _file_name(kind: str, pack: Path | None, language: str) -> str:
    """One cache file per kind, language and pack; its key inside says whether it is current."""
    return f"{kind}-{language}-{zlib.crc32(str(pack).encode()):08x}.pickle"


def cached_bundle(pack: Path | None, language: str, build: Callable[[], Bundle]) -> Bundle:
    """The bundle from the cache if it is current; otherwise built, and kept for next time."""
    from famsupport_cli import messages
    from famsupport_cli.content import bundle, models, ui

    return cached("content", pack, language, build, Bundle, (bundle, models, ui, messages))


def cached(kind: str, pack: Path | None, language: str, build: Callable[[], T], expected: type[T], modules: Sequence[ModuleType]) -> T:
    """`build()`'s result from the cache if it is current and of the `expected` type; otherwise built, and kept.

    `modules` define the classes in the result: a change to their source makes the cache stale.
    """
    if os.environ.get("FAMSUPPORT_NO_CACHE"):
        return build()
    try:
        folder = paths.famsupport_home() / "cache"
        path = folder / _file_name(kind, pack, language)
        key = _key(pack, language, modules)
    except OSError:
        return build()
    with contextlib.suppress(Exception):  # a damaged or foreign cache file is rebuilt, never fatal
        with path.open("rb") as handle:
            found = pickle.load(handle)  # noqa: S301 - written by famsupport itself into an owner-only folder
        if isinstance(found, tuple) and len(found) == 2 and found[0] == key and isinstance(found[1], expected):
            return found[1]
    value = build()
    with contextlib.suppress(Exception):  # the cache is a convenience: failing to write it changes nothing
        _store(folder, path, (key, value))
    return value


def _store(folder: Path, path: Path, entry: tuple[str, object]) -> None:
    from famsupport_cli.io.writer import ensure_private_dir, write_private_bytes

    ensure_private_dir(folder)
    write_private_bytes(path, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
    # One file per language and pack used; the least recently written beyond a few go.
    kept = sorted(folder.glob("*.pickle"), key=lambda found: found.stat().st_mtime_ns, reverse=True)
    for old in kept[_KEEP:]:
        old.unlink(missing_ok=True)
