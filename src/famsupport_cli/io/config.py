"""The practitioner's own settings: a small YAML file in the user config folder (`config.yaml`, 0600).

Only the wellbeing agreements live here (see `famsupport_cli.core.wellbeing.SETTINGS`):
`max-sessions-per-day` and `working-hours`. A damaged file is an error that names the file
and what is wrong, never silently ignored: it holds agreements the practitioner relies on.
A change is a read-modify-write under a lock (`.config.lock` beside it), so two `config set`
runs at the same moment both keep their change.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from famsupport_cli.content import yamlfile
from famsupport_cli.core.wellbeing import SETTINGS, SettingProblem, SettingValue, parse_setting
from famsupport_cli.errors import FamsupportError, invalid_input
from famsupport_cli.io import paths, writer
from famsupport_cli.messages import Text

CONFIG_NAME = paths.CONFIG_NAME
LOCK_NAME = ".config.lock"
MAX_CONFIG_BYTES = 100_000


def config_path() -> Path:
    return paths.config_file()


def known_keys() -> str:
    return ", ".join(SETTINGS)


def read_settings(path: Path | None = None) -> dict[str, SettingValue]:
    """The settings in the config file ({} when there is none); an error for a damaged file."""
    path = path or config_path()
    paths.check_folder(path.parent)
    try:
        data = paths.read_own_file(path, limit=MAX_CONFIG_BYTES)
        if data is None:
            return {}
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _damaged(path, Text("not_utf8_text")) from None
    except OSError as error:
        raise FamsupportError(Text("cannot_read_settings", path=path, reason=error.strerror or error)) from None
    try:
        document = yamlfile.parse(text, str(path))
    except FamsupportError as error:
        raise _damaged(path, error.message) from None
    data = document.data
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise _damaged(path, Text("settings_not_a_mapping"))
    settings: dict[str, SettingValue] = {}
    details = []
    for key, raw in data.items():
        position = document.position((key,))
        where = f"{path}:{position.line}" if position else str(path)
        try:
            settings[str(key)] = parse_setting(str(key), raw)
        except KeyError:
            details.append(Text("setting_unknown_at", where=where, key=key, keys=known_keys()))
        except SettingProblem as problem:
            details.append(Text("setting_problem_at", where=where, key=key, problem=problem.message, allowed=problem.allowed))
    if details:
        raise invalid_input(Text("settings_unusable", path=path), details=details, hint=Text("settings_unusable_hint"))
    return settings


def _damaged(path: Path, what: str | Text) -> FamsupportError:
    return invalid_input(Text("settings_damaged", path=path, problem=what), hint=Text("settings_damaged_hint", keys=known_keys()))


def check_setting(key: str, raw: str) -> SettingValue:
    """The value to store for `config set`, or an invalid-input error that says what fits."""
    try:
        return parse_setting(key, raw)
    except KeyError:
        raise unknown_setting(key) from None
    except SettingProblem as problem:
        raise invalid_input(
            Text("setting_problem", key=key, problem=problem.message), hint=Text("expected_value", allowed=problem.allowed)
        ) from None


def unknown_setting(key: str) -> FamsupportError:
    return invalid_input(Text("unknown_setting", key=key), hint=Text("known_settings", keys=known_keys()))


def write_settings(settings: Mapping[str, SettingValue]) -> tuple[Path, list[Path]]:
    """Replace the config file atomically (0600); returns its path and what had to be made private.

    Holds no lock itself: a change of one setting goes through `change_setting`.
    """
    tightened = paths.own_folder(paths.config_dir())
    path = config_path()
    ordered = {key: settings[key] for key in SETTINGS if key in settings}
    text = _comment(str(Text("config_file_header"))) + (yamlfile.dump(ordered) if ordered else "")
    writer.write_private(path, text, force=True)
    return path, tightened


def change_setting(key: str, value: SettingValue | None) -> tuple[Path, list[Path], SettingValue | None]:
    """Set `key` to `value` (None: remove it) in one locked read-modify-write; the path, what was tightened, the old value.

    Nothing is written when nothing changes (removing a setting that is not there).
    """
    tightened = paths.own_folder(paths.config_dir())
    with _locked():
        settings = read_settings()
        previous = settings.pop(key, None)
        if value is not None:
            settings[key] = value
        if value is None and previous is None:
            return config_path(), tightened, None
        path, more = write_settings(settings)
    return path, tightened + more, previous


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """An exclusive lock on `.config.lock` in the config folder for the time of a read-modify-write."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; concurrent `config set` runs are not protected there
        yield
        return
    lock = paths.config_dir() / LOCK_NAME
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(lock, flags, 0o600)
    except OSError as error:
        raise FamsupportError(Text("cannot_lock_settings", path=lock, reason=error.strerror or error)) from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _comment(text: str) -> str:
    """Text as YAML comment lines, in the practitioner's language: the file is theirs to open."""
    return "".join(f"# {line}\n" for line in text.splitlines())
