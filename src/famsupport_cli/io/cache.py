"""A cache of checked content, so a scripted run does not parse and validate the YAML every time.

The key covers everything the result depends on: famsupport's, Python's and pydantic's
versions, the source files of the pickled classes, the language, and the path, size and
modification time of every content file (shipped and pack). Any change gives a new key; a cache file that cannot be read is simply
rebuilt. It lives in the famsupport folder, readable by its owner only, like everything there.
`FAMSUPPORT_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

from famsupport_cli import __version__
from famsupport_cli.content.bundle import Bundle, shipped_content_dir
from famsupport_cli.io import paths

_PREFIX = "content-"


def _key(pack: Path | None, language: str) -> str:
    import pydantic

    from famsupport_cli.content import bundle, models, ui

    parts = [__version__, sys.version, pydantic.VERSION, language]
    # The classes that are pickled: a change to their code must not be served an old pickle.
    for module in (bundle, models, ui):
        source = Path(module.__file__ or "")
        if source.is_file():
            parts.append(f"{source}|{source.stat().st_size}|{source.stat().st_mtime_ns}")
    for root in (shipped_content_dir(), pack):
        if root is None or not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix in (".yaml", ".yml") and path.is_file():
                stat = path.stat()
                parts.append(f"{path}|{stat.st_size}|{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def cached_bundle(pack: Path | None, language: str, build: Callable[[], Bundle]) -> Bundle:
    """The bundle from the cache if it is current; otherwise built, and kept for next time."""
    if os.environ.get("FAMSUPPORT_NO_CACHE"):
        return build()
    try:
        folder = paths.famsupport_home() / "cache"
        path = folder / f"{_PREFIX}{_key(pack, language)}.pickle"
    except OSError:
        return build()
    with contextlib.suppress(Exception):  # a damaged or foreign cache file is rebuilt, never fatal
        with path.open("rb") as handle:
            found = pickle.load(handle)  # noqa: S301 - written by famsupport itself into an owner-only folder
        if isinstance(found, Bundle):
            return found
    bundle = build()
    with contextlib.suppress(Exception):  # the cache is a convenience: failing to write it changes nothing
        _store(folder, path, bundle)
    return bundle


def _store(folder: Path, path: Path, bundle: Bundle) -> None:
    from famsupport_cli.io.writer import ensure_private_dir, write_private_bytes

    ensure_private_dir(folder)
    for old in folder.glob(f"{_PREFIX}*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
    write_private_bytes(path, pickle.dumps(bundle, protocol=pickle.HIGHEST_PROTOCOL))
