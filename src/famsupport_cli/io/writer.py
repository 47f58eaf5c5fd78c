"""Writing summaries: atomically, owner-only (0600), never over an existing file without force.

The text goes to a temporary file beside the target, is flushed to disk, and only
then takes the target's name, so an interruption or a full disk leaves either the
old state or the whole new file, never half a summary.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from famsupport_cli.errors import FamsupportError, invalid_input
from famsupport_cli.messages import Text


def ensure_private_dir(folder: Path) -> None:
    """Create the folder (and parents) readable by its owner only."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise FamsupportError(
            Text("cannot_create_folder", folder=folder, reason=error.strerror or error), hint=Text("cannot_create_folder_hint")
        ) from None


def check_target(path: Path, *, force: bool) -> None:
    """Fail early, before any question is asked, if the summary could not be written."""
    try:
        if path.is_dir():
            raise invalid_input(Text("output_is_folder", path=path), hint=Text("output_is_folder_hint"))
        _refuse_special(path)
        if path.exists() and not force:
            raise invalid_input(Text("already_exists", path=path), hint=Text("already_exists_hint"))
        if not path.parent.is_dir():
            raise FamsupportError(Text("folder_missing", folder=path.parent), hint=Text("folder_missing_hint"))
    except OSError as error:  # e.g. a file name longer than the system allows
        raise FamsupportError(Text("cannot_write", path=path, reason=error.strerror or error), hint=Text("choose_another_output")) from None


def _refuse_special(path: Path) -> None:
    """Never replace a device, a pipe or a socket with a summary, even with --force."""
    if path.exists() and not path.is_file() and not path.is_dir():
        raise invalid_input(Text("not_a_regular_file", path=path), hint=Text("choose_another_output"))


def write_private(path: Path, text: str, *, force: bool, durable: bool = True) -> None:
    """Write `text` to `path` atomically with mode 0600; refuse to replace a file unless `force`."""
    write_private_bytes(path, text.encode("utf-8"), force=force, durable=durable)


def write_private_bytes(path: Path, data: bytes, *, force: bool = True, durable: bool = True) -> None:
    """The atomic, owner-only write behind every file famsupport writes."""
    temporary = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")  # os.urandom: `secrets` costs ~3 ms to import
    try:
        _refuse_special(path)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:  # a batch flushes once at its end instead (see `flush_to_disk`)
                os.fsync(handle.fileno())
        if force:
            temporary.replace(path)
        else:
            os.link(temporary, path)  # fails if the target exists: no silent overwrite, even in a race
    except FileExistsError:
        raise invalid_input(Text("already_exists", path=path), hint=Text("already_exists_hint")) from None
    except IsADirectoryError:
        raise invalid_input(Text("output_is_folder", path=path), hint=Text("output_is_folder_hint")) from None
    except OSError as error:
        reason = Text("disk_full") if error.errno == errno.ENOSPC else (error.strerror or str(error))
        raise FamsupportError(Text("cannot_write_nothing_written", path=path, reason=reason), hint=Text("choose_another_place")) from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def write_new_in(folder: Path, stem: str, suffix: str, text: str) -> Path:
    """Write into the famsupport folder under a fresh name (stem, stem-2, ...)."""
    ensure_private_dir(folder)
    for attempt in range(1, 1000):
        path = folder / (f"{stem}{suffix}" if attempt == 1 else f"{stem}-{attempt}{suffix}")
        if path.exists():
            continue
        try:
            write_private(path, text, force=False)
        except FamsupportError as error:
            if path.exists() and error.exit_code == 2:
                continue  # taken between the check and the write
            raise
        return path
    raise FamsupportError(Text("no_free_file_name", folder=folder))


def flush_to_disk() -> None:
    """Make everything written without `durable` reach the disk: one flush for a whole batch."""
    if hasattr(os, "sync"):
        os.sync()
