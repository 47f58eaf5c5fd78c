"""The practitioner's own settings: a small YAML file in the famsupport folder (`config.yaml`, 0600).

Only the wellbeing agreements live here (see `famsupport_cli.core.wellbeing.SETTINGS`):
`max-sessions-per-day` and `working-hours`. A damaged file is an error that names the file
and what is wrong, never silently ignored: it holds agreements the practitioner relies on.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from famsupport_cli.core.wellbeing import SETTINGS, SettingProblem, SettingValue, parse_setting
from famsupport_cli.errors import FamsupportError, invalid_input
from famsupport_cli.io import paths, writer

CONFIG_NAME = "config.yaml"
_HEADER = (
    "# famsupport settings: your own wellbeing agreements.\n"
    "# Change them with `famsupport config set KEY VALUE`; `famsupport config show` lists them.\n"
)


def config_path() -> Path:
    return paths.famsupport_home() / CONFIG_NAME


def known_keys() -> str:
    return ", ".join(SETTINGS)


def read_settings(path: Path | None = None) -> dict[str, SettingValue]:
    """The settings in the config file ({} when there is none); an error for a damaged file."""
    from famsupport_cli.content import yamlfile

    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise _damaged(path, "it is not UTF-8 text") from None
    except OSError as error:
        raise FamsupportError(f"Cannot read your settings in {path}: {error.strerror or error}.") from None
    try:
        document = yamlfile.parse(text, str(path))
    except FamsupportError as error:
        raise _damaged(path, error.message) from None
    data = document.data
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise _damaged(path, "it should map settings to values, e.g. `max-sessions-per-day: 4`")
    settings: dict[str, SettingValue] = {}
    details = []
    for key, raw in data.items():
        position = document.position((key,))
        where = f"{path}:{position.line}" if position else str(path)
        try:
            settings[str(key)] = parse_setting(str(key), raw)
        except KeyError:
            details.append(f"{where}: '{key}' is not a setting famsupport knows (known: {known_keys()})")
        except SettingProblem as problem:
            details.append(f"{where}: {key}: {problem.message}; expected {problem.allowed}")
    if details:
        raise invalid_input(
            f"Your settings in {path} cannot be used.",
            details=details,
            hint="Fix the lines named above, or set the value again with `famsupport config set KEY VALUE`.",
        )
    return settings


def _damaged(path: Path, what: str) -> FamsupportError:
    return invalid_input(
        f"Your settings in {path} cannot be read: {what}.",
        hint=f"Fix the file, or delete it and set your agreements again with `famsupport config set` ({known_keys()}).",
    )


def check_setting(key: str, raw: str) -> SettingValue:
    """The value to store for `config set`, or an invalid-input error that says what fits."""
    try:
        return parse_setting(key, raw)
    except KeyError:
        raise invalid_input(f"'{key}' is not a setting famsupport knows.", hint=f"Settings: {known_keys()}.") from None
    except SettingProblem as problem:
        raise invalid_input(f"{key}: {problem.message}.", hint=f"Expected {problem.allowed}.") from None


def write_settings(settings: Mapping[str, SettingValue]) -> tuple[Path, list[Path]]:
    """Replace the config file atomically (0600); returns its path and what had to be made private."""
    from famsupport_cli.content import yamlfile
    from famsupport_cli.io.journal import secure_home

    tightened = secure_home()
    path = config_path()
    ordered = {key: settings[key] for key in SETTINGS if key in settings}
    text = _HEADER + (yamlfile.dump(ordered) if ordered else "")
    writer.write_private(path, text, force=True)
    return path, tightened
