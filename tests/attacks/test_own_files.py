"""Attacks on famsupport's own files: a folder, a FIFO or a symbolic link where a draft, a summary,
config.yaml or the content cache should be, and the ways `famsupport show` can be pointed at the wrong thing.

Each one ends with a clear message and exit 2, or is treated as designed (a journal entry with a
problem, a cache rebuilt): never a traceback, never a hang. The `run` fixture fails a test on any
uncaught exception; the FIFO cases run in a child process with a timeout so that a hang fails
the test and not the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import RunCli
from famsupport_cli.io import paths
from helpers import GOLDEN_DIR

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs and symbolic links as on POSIX")

DIGITAL = GOLDEN_DIR / "decide-digital.yaml"
SECRET = "SECRET-not-to-be-shown"
OTHER_USER = 4321
needs_root = pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="giving a file to another user needs root")
Plant = Callable[[Path], None]


def _folder(path: Path) -> None:
    path.mkdir(mode=0o700)


def _fifo(path: Path) -> None:
    os.mkfifo(path, 0o600)


def _symlink(path: Path) -> None:
    elsewhere = path.parent.parent / f"elsewhere-{path.name}"
    elsewhere.write_text(f"famsupport_draft: 2\nchecklist: decide\nsecret: {SECRET}\n")
    elsewhere.chmod(0o600)
    path.symlink_to(elsewhere)


PLANTS: dict[str, Plant] = {"folder": _folder, "fifo": _fifo, "symlink": _symlink}
KINDS = list(PLANTS)


def famsupport(*args: str | Path, home: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """famsupport in a child process: a hang becomes subprocess.TimeoutExpired, a failure of the test."""
    env = {**os.environ, "FAMSUPPORT_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "famsupport_cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def _own_folder(home: Path, name: str) -> Path:
    folder = home / name
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


# --- the reader itself ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_read_own_file_refuses_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    place = _own_folder(tmp_path, "drafts") / "decide.yaml"
    PLANTS[kind](place)
    with pytest.raises(paths.UnsafeFile) as refused:
        paths.read_own_file(place, limit=1000)
    assert str(place) in refused.value.message
    assert refused.value.exit_code == 2
    assert SECRET not in refused.value.message


# --- in place of a draft, the settings, a summary, the cache -------------------------------------------


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", KINDS)
def test_something_else_in_place_of_a_draft_is_refused_naming_drafts_clear(famsupport_home: Path, kind: str) -> None:
    PLANTS[kind](_own_folder(famsupport_home, "drafts") / "decide.yaml")
    result = famsupport("decide", "--resume", "--no-input", "--output", "-", home=famsupport_home)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "famsupport drafts clear decide" in result.stderr
    assert SECRET not in result.stdout + result.stderr
    listed = famsupport("drafts", home=famsupport_home)
    assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", KINDS)
def test_something_else_in_place_of_config_yaml_is_refused(famsupport_home: Path, kind: str) -> None:
    config = famsupport_home / "config.yaml"
    PLANTS[kind](config)
    for command in (("config", "show"), ("config", "set", "max-sessions-per-day", "3"), ("wellbeing",)):
        result = famsupport(*command, home=famsupport_home)
        assert result.returncode == 2, (command, result.stderr)
        assert "Traceback" not in result.stderr
        assert str(config) in result.stderr and "Hint:" in result.stderr, result.stderr


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", KINDS)
def test_something_else_in_place_of_a_summary_stops_no_decide(run: RunCli, famsupport_home: Path, kind: str) -> None:
    PLANTS[kind](_own_folder(famsupport_home, "summaries") / "2026-11-21-093000-decide.md")
    result = famsupport("decide", "--no-input", "--answers", DIGITAL, "--date", "2026-11-21T10:30:00+01:00", home=famsupport_home)
    assert result.returncode == 0, result.stderr
    for command in (("history",), ("history", "--format", "json"), ("wellbeing",)):
        shown = famsupport(*command, home=famsupport_home)
        assert shown.returncode == 0, (command, shown.stderr)
        assert "Traceback" not in shown.stderr
        assert SECRET not in shown.stdout


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", KINDS)
def test_something_else_in_place_of_the_cache_file_is_rebuilt_around(famsupport_home: Path, kind: str) -> None:
    cache = _own_folder(famsupport_home, "cache")
    crc = f"{zlib.crc32(b'None'):08x}"
    PLANTS[kind](cache / f"content-en-{crc}.json")
    for _ in range(2):  # the second run meets what the first one left
        result = famsupport("decide", "--no-input", "--answers", DIGITAL, "--output", "-", home=famsupport_home)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr


# --- famsupport show -------------------------------------------------------------------------------------


def test_show_a_folder_is_a_clear_error(run: RunCli, famsupport_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.md"
    folder.mkdir()
    for item in (str(folder), f"{folder}/"):
        result = run("show", item)
        assert result.exit_code == 2, result.output
    (_own_folder(famsupport_home, "summaries") / "2026-11-21-093000-decide.md").mkdir()
    assert run("show", "2026-11-21-093000-decide.md").exit_code == 2


@pytest.mark.timeout(60)
def test_show_a_fifo_does_not_hang(famsupport_home: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "summary.md"
    os.mkfifo(fifo)
    os.mkfifo(_own_folder(famsupport_home, "summaries") / "2026-11-21-093000-decide.md")
    for item in (str(fifo), "2026-11-21-093000-decide.md"):
        result = famsupport("show", item, home=famsupport_home)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr


def test_show_a_huge_file_is_refused_by_its_size(run: RunCli, famsupport_home: Path, tmp_path: Path) -> None:
    huge = tmp_path / "huge.md"
    with huge.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: 50 MB reported, none of it on disk
    result = run("show", str(huge))
    assert result.exit_code == 2, result.output
    assert "larger than 2,000,000 bytes" in result.stderr
    in_journal = _own_folder(famsupport_home, "summaries") / "2026-11-21-093000-decide.md"
    huge.rename(in_journal)
    in_journal.chmod(0o600)
    result = run("show", in_journal.name)
    assert result.exit_code == 2, result.output
    assert "larger than 2,000,000 bytes" in result.stderr


def test_show_follows_no_link_out_of_the_journal(run: RunCli, famsupport_home: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(f"---\nfamsupport: 1\nkind: decide\n---\n{SECRET}\n")
    (_own_folder(famsupport_home, "summaries") / "2026-11-21-093000-decide.md").symlink_to(secret)
    for item in ("2026-11-21-093000-decide.md", "1", str(famsupport_home / "summaries" / "2026-11-21-093000-decide.md")):
        result = run("show", item)
        assert result.exit_code == 2, (item, result.output)
        assert SECRET not in result.output


@needs_root
def test_show_another_users_summary_in_the_journal_names_the_owner_problem(run: RunCli, famsupport_home: Path) -> None:
    assert run("decide", "--no-input", "--answers", DIGITAL, "--date", "2026-11-21T09:30:00+01:00").exit_code == 0
    [summary] = (famsupport_home / "summaries").glob("*.md")
    os.chown(summary, OTHER_USER, OTHER_USER)
    for item in (summary.name, "1", str(summary)):
        result = run("show", item)
        assert result.exit_code in (0, 2), (item, result.output)
        assert "another user" in result.stderr, (item, result.stderr)
