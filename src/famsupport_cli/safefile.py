"""Reading a file that someone else may have prepared: how famsupport opens a file named to it or held in a pack.

Answers files, content packs and the summaries a practitioner names can come from anyone, so a read
- takes only a regular file: a FIFO would block forever, a device (`/dev/zero`) never ends;
  the file is opened non-blocking and checked with fstat before a byte is read;
- is bounded: the size is checked before reading and again while reading, since `/proc`
  files and devices report a size that is not what they give;
- with a `root` (a content pack), follows no symbolic link out of that folder: a pack's
  `decide.yaml` linked to `/etc/shadow` is refused, not read. (famsupport's own folders, the
  journal and the drafts, are read by io.paths.read_own_file, which follows no link at all.)
Without a root the path is one the user named, and a link they name is followed as any tool would.

This module sits at the bottom of the layers: it imports only the error type and message keys.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import IO

from famsupport_cli.errors import ExitCode, FamsupportError
from famsupport_cli.messages import Number, Text

DEFAULT_LIMIT = 2_000_000
_CHUNK = 1 << 16
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class RefusedFile(FamsupportError):
    """A file famsupport will not read; `reason` says why in a few words (without the path)."""

    def __init__(self, path: Path | str, reason: Text) -> None:
        super().__init__(Text("file_refused", path=path, reason=reason), exit_code=ExitCode.INVALID_INPUT)
        self.path = path
        self.reason = str(reason)


def read_text(path: Path, *, limit: int = DEFAULT_LIMIT, root: Path | None = None) -> str:
    """The UTF-8 text of a regular file of at most `limit` bytes.

    Raises FileNotFoundError, UnicodeDecodeError and other OSErrors as `open` would, and
    RefusedFile for a special file, a file that is too large, or a link out of `root`.
    """
    return read_bytes(path, limit=limit, root=root).decode("utf-8")


def read_bytes(path: Path, *, limit: int = DEFAULT_LIMIT, root: Path | None = None) -> bytes:
    """The bytes of a regular file (see read_text)."""
    target = _inside(path, root) if root is not None else path.resolve()
    try:
        descriptor = os.open(target, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        if error.errno == getattr(errno, "ELOOP", None):  # a link put in place after the path was resolved
            raise RefusedFile(path, Text("file_is_link")) from None
        raise
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise RefusedFile(path, _kind(status.st_mode))
        if status.st_size > limit:
            raise RefusedFile(path, Text("file_larger_than", limit=Number(limit)))
    except BaseException:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        return _bounded(handle, path, limit)


def read_stdin_text(*, limit: int = DEFAULT_LIMIT, name: str = "-") -> str:
    """Standard input as UTF-8 text, at most `limit` bytes (`--answers -`); piping /dev/zero in ends here."""
    return _bounded(sys.stdin.buffer, name, limit).decode("utf-8")


def _bounded(handle: IO[bytes], path: Path | str, limit: int) -> bytes:
    read = handle.read
    chunks, total = [], 0
    while total <= limit:
        chunk = read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise RefusedFile(path, Text("file_larger_than", limit=Number(limit)))
    return b"".join(chunks)


def _inside(path: Path, root: Path) -> Path:
    """`path` with its links resolved, refused if that leaves `root` (its links resolved too)."""
    resolved, top = path.resolve(), root.resolve()
    if resolved != top and top not in resolved.parents:
        raise RefusedFile(path, Text("file_links_outside", root=root))
    return resolved


def _kind(mode: int) -> Text:
    if stat.S_ISDIR(mode):
        return Text("file_is_folder")
    if stat.S_ISFIFO(mode):
        return Text("file_is_fifo")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Text("file_is_device")
    if stat.S_ISSOCK(mode):
        return Text("file_is_socket")
    return Text("file_is_special")
