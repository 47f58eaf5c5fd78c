"""Where famsupport keeps its files, and the checks that keep them the practitioner's own.

Summaries and drafts live in the user data folder, `config.yaml` in the user config folder
and the content cache in the user cache folder, as the platform names them (platformdirs:
on Linux ~/.local/share/famsupport, ~/.config/famsupport and ~/.cache/famsupport).
`FAMSUPPORT_HOME` puts all of them in that one folder (the cache in its `cache/`).

These folders hold notes about vulnerable families, so famsupport treats them as ssh treats
~/.ssh: every folder it creates, parents included, is 0700 whatever the umask; a folder of
its own that another user owns or could write into is refused with a message saying what to
fix; and every file it reads from them must be a regular file (no symlink, FIFO or device),
owned by the practitioner and writable by nobody else, and of a bounded size.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from famsupport_cli.errors import ExitCode, FamsupportError, invalid_input
from famsupport_cli.messages import Number, Text

HOME_ENV = "FAMSUPPORT_HOME"
APP_NAME = "famsupport"
CONFIG_NAME = "config.yaml"
_POSIX = os.name == "posix"


def _home_override() -> Path | None:
    override = os.environ.get(HOME_ENV)
    return Path(override).expanduser() if override else None


def data_dir() -> Path:
    """The folder of summaries and drafts: $FAMSUPPORT_HOME, or the platform's user data folder."""
    override = _home_override()
    if override is not None:
        return override
    import platformdirs  # only without FAMSUPPORT_HOME

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The folder of config.yaml: $FAMSUPPORT_HOME, or the platform's user config folder."""
    override = _home_override()
    if override is not None:
        return override
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """The folder of the content cache: $FAMSUPPORT_HOME/cache, or the platform's user cache folder."""
    override = _home_override()
    if override is not None:
        return override / "cache"
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME, appauthor=False)


def famsupport_home() -> Path:
    """The famsupport folder as people know it: where the summaries and drafts are."""
    return data_dir()


def summaries_dir() -> Path:
    return data_dir() / "summaries"


def drafts_dir() -> Path:
    return data_dir() / "drafts"


def config_file() -> Path:
    return config_dir() / CONFIG_NAME


# --- folders -------------------------------------------------------------------------------------


def make_folder(folder: Path) -> None:
    """Create `folder` and every missing parent 0700, whatever the umask; an existing folder is left as it is."""
    missing = []
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate):
            break
        missing.append(candidate)
    for created in reversed(missing):
        try:
            created.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made by a concurrent run: checked like any existing folder
        except OSError as error:
            raise FamsupportError(
                Text("cannot_create_folder", folder=created, reason=error.strerror or error), hint=Text("cannot_create_folder_hint")
            ) from None
        if _POSIX:
            created.chmod(0o700)  # mkdir's mode passes through the umask, which could take the owner's bits away
    if not folder.is_dir():
        raise invalid_input(Text("own_folder_not_a_folder", folder=folder), hint=Text("move_the_file_away"))


def own_folder(folder: Path) -> list[Path]:
    """Create one of famsupport's own folders, or make an existing one private; returns what was tightened.

    A folder owned by another user is refused (exit 2): famsupport cannot vouch for what is in it.
    A symlink to a folder is checked where it points.
    """
    make_folder(folder)
    if not _POSIX:
        return []
    info = _folder_stat(folder)
    _refuse_foreign(folder, info)
    if stat.S_IMODE(info.st_mode) & 0o077 == 0:
        return []
    try:
        folder.chmod(0o700)
    except OSError as error:
        raise FamsupportError(Text("cannot_make_private", path=folder, reason=error.strerror or error)) from None
    return [folder]


def check_folder(folder: Path) -> None:
    """Before reading from one of famsupport's own folders: refuse one another user owns or could write into.

    A subfolder of the famsupport folder is checked with that folder (whoever owns it could swap
    the subfolder). Only checked, never changed (reading changes nothing); a missing folder passes.
    """
    if not _POSIX:
        return
    check_home_of(folder)
    _check_one_folder(folder)


def check_home_of(folder: Path) -> None:
    """Refuse the famsupport folder around `folder` if another user owns it or could write into it.

    Whoever can write there can swap `folder` for a link to somewhere else: a folder famsupport
    writes into, or removes its old files from, is only as safe as the folder that holds it.
    """
    home = data_dir()
    if _POSIX and folder != home and folder.parent == home:
        _check_one_folder(home)


def _check_one_folder(folder: Path) -> None:
    try:
        info = folder.stat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise FamsupportError(Text("cannot_read_folder", folder=folder, reason=error.strerror or error)) from None
    if not stat.S_ISDIR(info.st_mode):
        raise invalid_input(Text("own_folder_not_a_folder", folder=folder), hint=Text("move_the_file_away"))
    _refuse_foreign(folder, info)
    if stat.S_IMODE(info.st_mode) & 0o022:
        raise invalid_input(
            Text("own_folder_writable_by_others", folder=folder), hint=Text("own_folder_writable_by_others_hint", folder=folder)
        )


def _folder_stat(folder: Path) -> os.stat_result:
    try:
        return folder.stat()
    except OSError as error:
        raise FamsupportError(Text("cannot_read_folder", folder=folder, reason=error.strerror or error)) from None


def _refuse_foreign(folder: Path, info: os.stat_result) -> None:
    if info.st_uid != os.geteuid():
        raise invalid_input(Text("own_folder_foreign", folder=folder), hint=Text("own_folder_foreign_hint", home=HOME_ENV))


# --- files ---------------------------------------------------------------------------------------


class UnsafeFile(FamsupportError):
    """A file in famsupport's own folders that must not be read: why, in `message` (exit 2)."""


def read_own_file(path: Path, *, limit: int) -> bytes | None:
    """The bytes of a file in famsupport's own folders, None if there is none.

    Opened without following a symlink and without blocking on a FIFO, then checked on the open
    file itself (no race between check and read): a regular file, the practitioner's own,
    writable by nobody else, at most `limit` bytes. Anything else raises UnsafeFile.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP or path.is_symlink():
            raise _unsafe(Text("own_file_symlink", path=path), Text("own_file_symlink_hint")) from None
        raise
    try:  # checked on the descriptor before it becomes a file object: fdopen refuses a folder itself
        _check_own_descriptor(path, descriptor, limit)
    except BaseException:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew after the check
        raise _too_large(path, limit)
    return data


def _check_own_descriptor(path: Path, descriptor: int, limit: int) -> None:
    """Raise UnsafeFile unless the open file is a regular one of the practitioner's, private and small enough."""
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        raise _unsafe(Text("own_file_not_regular", path=path), Text("own_file_not_regular_hint"))
    if _POSIX and info.st_uid != os.geteuid():
        raise _unsafe(Text("own_file_foreign", path=path), Text("own_file_foreign_hint"))
    if _POSIX and stat.S_IMODE(info.st_mode) & 0o022:
        raise _unsafe(Text("own_file_writable_by_others", path=path), Text("own_file_writable_by_others_hint", path=path))
    if info.st_size > limit:
        raise _too_large(path, limit)


def _too_large(path: Path, limit: int) -> UnsafeFile:
    return _unsafe(Text("own_file_too_large", path=path, limit=Number(limit)), Text("own_file_too_large_hint"))


def _unsafe(message: Text, hint: Text) -> UnsafeFile:
    return UnsafeFile(message, hint=hint, exit_code=ExitCode.INVALID_INPUT)
