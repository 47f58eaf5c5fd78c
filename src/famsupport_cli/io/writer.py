"""Writing summaries: atomically, owner-only (0600), never over an existing file without force.

The text goes to a temporary file beside the target, is flushed to disk, and only
then takes the target's name, so an interruption or a full disk leaves either the
old state or the whole new file, never half a summary. Without force the name is
taken with a hard link, which fails if the target exists even in a race. Where hard
links are refused (FAT and exFAT USB sticks, some network shares), the name is first
claimed with an exclusive create, and the whole file is then renamed over that empty
claim, ours alone (see `_claim_and_rename`).
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from famsupport_cli.errors import FamsupportError, invalid_input
from famsupport_cli.io import paths
from famsupport_cli.messages import Text

# What os.link raises where the file system has no hard links (vfat: EPERM; SMB, FUSE: others).
_NO_HARD_LINKS = frozenset(
    code
    for code in (errno.EPERM, errno.EACCES, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS, errno.EMLINK)
    if code is not None
)


def ensure_private_dir(folder: Path) -> None:
    """Create the folder and its missing parents readable by their owner only (0700, whatever the umask)."""
    paths.make_folder(folder)


def output_target(raw: str) -> Path:
    """The file an --output value names; a trailing slash names a folder, which a summary cannot be."""
    if raw.endswith(("/", os.sep)) or (os.altsep is not None and raw.endswith(os.altsep)):
        raise invalid_input(Text("output_trailing_slash", path=raw), hint=Text("output_is_folder_hint"))
    return Path(raw)


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
            _take_new_name(temporary, path)
        if durable:
            _sync_folder(path.parent)
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


def _take_new_name(temporary: Path, path: Path) -> None:
    """Give the whole temporary file the name `path`, which must not exist (FileExistsError if it does)."""
    try:
        os.link(temporary, path)  # fails if the target exists: no silent overwrite, even in a race
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        _claim_and_rename(temporary, path)


def _claim_and_rename(temporary: Path, path: Path) -> None:
    """Without hard links: claim `path` with an exclusive create, then rename the whole file over the claim.

    The exclusive create is what refuses an existing file, atomically, as the link does. The
    rename then replaces only the empty file this run has just created, and only while that
    file is still the one it created (same device and inode): a file put there by anyone
    else in between is never replaced. If anything fails, the claim is removed again.
    """
    claim = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        ours = os.fstat(claim)
    finally:
        os.close(claim)
    try:
        now = os.lstat(path)
        if (now.st_dev, now.st_ino) != (ours.st_dev, ours.st_ino):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            now = os.lstat(path)
            if (now.st_dev, now.st_ino) == (ours.st_dev, ours.st_ino) and now.st_size == 0:
                path.unlink()
        raise


def _sync_folder(folder: Path) -> None:
    """Make the new name itself durable: fsync the folder that holds it (POSIX; elsewhere not possible)."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # some file systems (and some network shares) cannot sync a folder
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


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
