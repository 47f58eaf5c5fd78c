"""What `batch` and `report` share: the files of a group (files and folders as given), one error per file, one exit code."""

from __future__ import annotations

from pathlib import Path

from famsupport_cli.errors import ExitCode, FamsupportError, invalid_input
from famsupport_cli.io import display
from famsupport_cli.messages import Text


def expand(paths: list[Path], suffixes: tuple[str, ...]) -> tuple[list[Path], list[tuple[Path, FamsupportError]]]:
    """Files as given, and the matching files of each folder (sorted by name); each file once."""
    files: list[Path] = []
    problems: list[tuple[Path, FamsupportError]] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(
                (p for p in path.iterdir() if p.suffix.lower() in suffixes and not p.name.startswith(".") and p.is_file()),
                key=lambda p: p.name,
            )
            if not found:
                wanted = ", ".join(f"*{suffix}" for suffix in suffixes)
                problems.append((path, invalid_input(Text("no_files_in_folder", folder=path, wanted=wanted))))
        elif path.exists():
            found = [path]
        else:
            problems.append((path, invalid_input(Text("path_does_not_exist", path=path), hint=Text("check_the_path"))))
            continue
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files, problems


def file_error(path: Path, problem: FamsupportError, *, max_details: int = display.LISTED_DETAILS) -> None:
    """One error per file, naming it (unless the message already does); at most `max_details` details."""
    message = problem.message if str(path) in problem.message else f"{path}: {problem.message}"
    shown = FamsupportError(message, hint=problem.hint, details=problem.details, exit_code=problem.exit_code)
    display.error(shown, max_details=max_details)


def exit_code(codes: list[ExitCode]) -> ExitCode:
    """1 if anything failed for a reason other than its input, else 2 if any input was invalid, else 0."""
    if any(code not in (ExitCode.OK, ExitCode.INVALID_INPUT) for code in codes):
        return ExitCode.FAILURE
    return ExitCode.INVALID_INPUT if ExitCode.INVALID_INPUT in codes else ExitCode.OK
