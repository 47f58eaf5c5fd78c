"""Attacks on the famsupport folders: planted files, loose and foreign folders, umask 000, races on config.

The threat: another local user (or a file from elsewhere) who can put something in, or in place
of, the practitioner's famsupport folders. famsupport must never run what it finds there, never
read another user's files from there, keep every folder it creates private whatever the umask,
and lose no setting when two runs change them at once.
"""

from __future__ import annotations

import json
import os
import pickle
import stat
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import RunCli
from helpers import GOLDEN_DIR

DIGITAL = GOLDEN_DIR / "decide-digital.yaml"
OTHER_USER = 4321
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the XDG folders are Linux's")


def _decide(*extra: str | Path) -> list[str | Path]:
    return ["decide", "--no-input", "--answers", DIGITAL, *extra]


class _Planted:
    """Unpickling this creates the marker file: proof that a pickle ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


# --- files planted in the cache ------------------------------------------------------------------


def test_a_planted_pickle_in_the_cache_runs_no_code(run: RunCli, famsupport_home: Path, tmp_path: Path) -> None:
    marker = tmp_path / "code-ran"
    payload = pickle.dumps(_Planted(marker))
    cache = famsupport_home / "cache"
    cache.mkdir(mode=0o700)
    crc = f"{zlib.crc32(b'None'):08x}"
    for name in (f"content-en-{crc}.json", f"content-en-{crc}.pickle", f"training-en-{crc}.json", f"training-en-{crc}.pickle"):
        (cache / name).write_bytes(payload)
    for _ in range(2):  # the second run reads what the first one left
        result = run(*_decide("--output", "-"))
        assert result.exit_code == 0, result.output
    assert run("training", "list").exit_code == 0
    assert not marker.exists(), "a pickle in the famsupport folder ran code"
    assert not list(cache.glob("*.pickle"))


# --- umask 000 -----------------------------------------------------------------------------------


@pytest.fixture
def umask_000() -> Iterator[None]:
    before = os.umask(0)
    try:
        yield
    finally:
        os.umask(before)


@pytest.mark.usefixtures("umask_000")
def test_under_umask_000_every_folder_and_file_is_private(run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Folders famsupport creates, parents included, are 0700 and its files 0600, whatever the umask."""
    top = tmp_path / "new"
    monkeypatch.setenv("FAMSUPPORT_HOME", str(top / "parent" / "famsupport"))
    assert run(*_decide()).exit_code == 0
    assert run("config", "set", "max-sessions-per-day", "4").exit_code == 0
    from famsupport_cli.io import drafts

    drafts.save("decide", "1", {"preferred_format": "hybrid"}, "famsupport decide --resume")
    found = {path.relative_to(tmp_path): stat.S_IMODE(path.lstat().st_mode) for path in [top, *top.rglob("*")]}
    folders = {path: mode for path, mode in found.items() if (tmp_path / path).is_dir()}
    files = {path: mode for path, mode in found.items() if not (tmp_path / path).is_dir()}
    assert {"summaries", "cache", "drafts"} <= {path.name for path in folders}
    assert set(folders.values()) == {0o700}, folders
    assert set(files.values()) == {0o600}, files


# --- the platform's folders -------------------------------------------------------------------------


@linux_only
def test_without_famsupport_home_the_platform_folders_are_used(run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAMSUPPORT_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    result = run(*_decide("--date", "2026-11-21T09:30:00+01:00"))
    assert result.exit_code == 0, result.output
    summary = tmp_path / "xdg_data_home" / "famsupport" / "summaries" / "2026-11-21-093000-decide.md"
    assert result.stdout.strip() == str(summary)
    assert run("config", "set", "working-hours", "09:00-17:00").exit_code == 0
    assert (tmp_path / "xdg_config_home" / "famsupport" / "config.yaml").is_file()
    assert list((tmp_path / "xdg_cache_home" / "famsupport").glob("content-*.json"))
    history = json.loads(run("history", "--format", "json").stdout)
    assert [entry["path"] for entry in history] == [str(summary)], "the journal is read where summaries are written"
    shown = json.loads(run("config", "show", "--format", "json").stdout)
    assert shown["settings"]["working-hours"]["origin"] == "config"
    assert not (tmp_path / "home").exists(), "nothing in the home folder itself"


# --- loose, foreign and symlinked folders ------------------------------------------------------------


def test_loose_cache_and_drafts_folders_are_tightened(run: RunCli, famsupport_home: Path) -> None:
    from famsupport_cli.io import drafts

    for name in ("cache", "drafts"):
        (famsupport_home / name).mkdir()
        (famsupport_home / name).chmod(0o755)
    assert run(*_decide("--output", "-")).exit_code == 0
    assert stat.S_IMODE((famsupport_home / "cache").stat().st_mode) == 0o700
    _, tightened = drafts.save("decide", "1", {}, "famsupport decide --resume")
    assert famsupport_home / "drafts" in tightened, "reported, so the walk can say so"
    assert stat.S_IMODE((famsupport_home / "drafts").stat().st_mode) == 0o700


def test_a_summaries_folder_others_can_write_into_is_refused(run: RunCli, famsupport_home: Path) -> None:
    summaries = famsupport_home / "summaries"
    summaries.mkdir()
    summaries.chmod(0o777)
    for args in (["history"], _decide()):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert str(summaries) in result.stderr and "chmod 700" in result.stderr, result.stderr
        assert "Traceback" not in result.output and "bug" not in result.stderr


@needs_root
@pytest.mark.parametrize("how", ["itself", "through-a-symlink"])
def test_a_famsupport_home_owned_by_another_user_is_refused(run: RunCli, tmp_path: Path, how: str) -> None:
    foreign = tmp_path / "theirs"
    foreign.mkdir(mode=0o700)
    os.chown(foreign, OTHER_USER, OTHER_USER)
    home = foreign
    if how == "through-a-symlink":
        home = tmp_path / "link"
        home.symlink_to(foreign)
    for args in (_decide(), ["history"], ["config", "set", "max-sessions-per-day", "4"]):
        result = run(*args, env={"FAMSUPPORT_HOME": str(home)})
        assert result.exit_code == 2, (args, result.output)
        assert "another user" in result.stderr, result.stderr
        assert "FAMSUPPORT_HOME" in result.stderr
    assert not list(foreign.rglob("*.md")), "nothing written into another user's folder"


@needs_root
@pytest.mark.parametrize("subfolder", ["summaries", "drafts"])
def test_a_subfolder_owned_by_another_user_is_refused(run: RunCli, famsupport_home: Path, subfolder: str) -> None:
    folder = famsupport_home / subfolder
    folder.mkdir(mode=0o700)
    os.chown(folder, OTHER_USER, OTHER_USER)
    result = run("history" if subfolder == "summaries" else "drafts")
    assert result.exit_code == 2, result.output
    assert str(folder) in result.stderr and "another user" in result.stderr, result.stderr


def test_a_symlinked_famsupport_home_of_ones_own_works(run: RunCli, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o755)
    link = tmp_path / "link"
    link.symlink_to(real)
    result = run(*_decide(), env={"FAMSUPPORT_HOME": str(link)})
    assert result.exit_code == 0, result.output
    assert len(list((real / "summaries").glob("*.md"))) == 1
    assert stat.S_IMODE(real.stat().st_mode) == 0o700, "checked and tightened where the link points"


@needs_root
def test_another_users_file_in_the_journal_is_listed_with_a_problem_and_decide_goes_on(run: RunCli, famsupport_home: Path) -> None:
    assert run(*_decide("--date", "2026-11-21T09:30:00+01:00")).exit_code == 0
    [summary] = (famsupport_home / "summaries").glob("*.md")
    os.chown(summary, OTHER_USER, OTHER_USER)
    summary.chmod(0o644)
    assert run(*_decide("--date", "2026-11-21T10:30:00+01:00")).exit_code == 0
    assert stat.S_IMODE(summary.stat().st_mode) == 0o644, "another user's file is not changed either"
    entries = json.loads(run("history", "--format", "json").stdout)
    problems = {Path(entry["path"]).name: entry["problem"] for entry in entries}
    assert "another user" in (problems[summary.name] or ""), problems


@needs_root
def test_show_refuses_another_users_file_in_the_journal_as_history_does(run: RunCli, famsupport_home: Path, tmp_path: Path) -> None:
    assert run(*_decide("--date", "2026-11-21T09:30:00+01:00")).exit_code == 0
    [summary] = (famsupport_home / "summaries").glob("*.md")
    os.chown(summary, OTHER_USER, OTHER_USER)
    for item in ("1", summary.name, str(summary)):
        shown = run("show", item)
        assert shown.exit_code == 2, shown.output
        assert "another user" in shown.stderr and shown.stdout == ""
    # Outside the journal, a file someone gave you is yours to read: shown whole, with no note.
    handed = tmp_path / "from-a-colleague.md"
    handed.write_bytes(summary.read_bytes())
    os.chown(handed, OTHER_USER, OTHER_USER)
    shown = run("show", str(handed))
    assert shown.exit_code == 0, shown.output
    assert shown.stdout == summary.read_text() and shown.stderr == ""


def test_a_symlink_in_the_journal_is_not_followed(run: RunCli, famsupport_home: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\nfamsupport: 1\nkind: decide\ndate: '2026-11-21T09:30:00+01:00'\nrecommendation: SECRET\n---\n")
    summaries = famsupport_home / "summaries"
    summaries.mkdir(mode=0o700)
    (summaries / "2026-11-21-093000-decide.md").symlink_to(secret)
    result = run("history", "--format", "json")
    assert result.exit_code == 0, result.output
    [entry] = json.loads(result.stdout)
    assert entry["recommendation"] is None and "symbolic link" in entry["problem"]
    assert "SECRET" not in result.output


@pytest.mark.parametrize("kind", ["symlink", "fifo", "group-writable"])
def test_an_unsafe_config_file_is_refused_with_what_to_fix(run: RunCli, famsupport_home: Path, tmp_path: Path, kind: str) -> None:
    config = famsupport_home / "config.yaml"
    if kind == "symlink":
        elsewhere = tmp_path / "settings.yaml"
        elsewhere.write_text("max-sessions-per-day: 3\n")
        config.symlink_to(elsewhere)
    elif kind == "fifo":
        os.mkfifo(config)
    else:
        config.write_text("max-sessions-per-day: 3\n")
        config.chmod(0o666)
    result = run("config", "show", "--format", "json")  # a FIFO would hang here without O_NONBLOCK
    assert result.exit_code == 2, result.output
    assert str(config) in result.stderr and "Hint:" in result.stderr, result.stderr


# --- concurrent config set -----------------------------------------------------------------------------

_CHANGE_ONE = """
import sys
from famsupport_cli.core import wellbeing
from famsupport_cli.io import config
keys = [f"key-{number:02d}" for number in range(20)]
wellbeing.SETTINGS.update(dict.fromkeys(keys, "a test setting"))
config.parse_setting = lambda key, raw: str(raw)
config.change_setting(sys.argv[1], "value of " + sys.argv[1])
"""


@pytest.mark.timeout(120)
def test_twenty_concurrent_changes_of_different_keys_all_stay(famsupport_home: Path) -> None:
    """The read-modify-write is locked: twenty runs at once, each with its own key, lose none."""
    runs = [subprocess.Popen([sys.executable, "-c", _CHANGE_ONE, f"key-{number:02d}"]) for number in range(20)]
    assert [process.wait(timeout=100) for process in runs] == [0] * 20
    import yaml

    stored = yaml.safe_load((famsupport_home / "config.yaml").read_text())
    assert stored == {f"key-{number:02d}": f"value of key-{number:02d}" for number in range(20)}


@pytest.mark.timeout(120)
def test_twenty_concurrent_config_set_runs_lose_nothing(famsupport_home: Path) -> None:
    famsupport = Path(sys.executable).with_name("famsupport")
    jobs = [
        ("max-sessions-per-day", str(1 + number)) if number % 2 else ("working-hours", f"0{number % 10}:00-17:00") for number in range(20)
    ]
    env = {**os.environ, "FAMSUPPORT_HOME": str(famsupport_home)}
    runs = [subprocess.Popen([famsupport, "config", "set", key, value], env=env, stderr=subprocess.DEVNULL) for key, value in jobs]
    assert [process.wait(timeout=100) for process in runs] == [0] * 20
    shown = json.loads(subprocess.run([famsupport, "config", "show", "--format", "json"], env=env, capture_output=True, check=True).stdout)
    assert {key: item["origin"] for key, item in shown["settings"].items()} == {"max-sessions-per-day": "config", "working-hours": "config"}


# --- removing old files: only famsupport's own, never through a folder someone else could swap -----


def test_the_cache_removes_only_files_famsupport_named_itself(run: RunCli, famsupport_home: Path) -> None:
    folder = famsupport_home / "cache"
    folder.mkdir(mode=0o700, parents=True)
    others = [folder / f"result{number}.json" for number in range(12)] + [folder / "old.pickle", folder / "notes.txt"]
    for other in others:
        other.write_text("{}")
    assert run(*_decide("--output", "-")).exit_code == 0
    assert [other.name for other in others if not other.exists()] == []
    assert list(folder.glob("content-en-*.json")), "the cache itself is still kept"


@pytest.mark.parametrize("owner", ["mine-but-open-to-all", pytest.param("another-user", marks=needs_root)])
def test_a_cache_folder_swapped_for_a_link_removes_nothing_where_it_points(run: RunCli, tmp_path: Path, owner: str) -> None:
    # Whoever can write into the famsupport folder can make its cache a link to the practitioner's
    # own files; the pruning of old cache files must not reach them.
    victim = tmp_path / "victim"
    victim.mkdir(mode=0o700)
    kept = [victim / f"keep{number}.json" for number in range(12)] + [victim / "content-en-00000000.json"]
    for file in kept:
        file.write_text("{}")
    home = tmp_path / "shared"
    home.mkdir()
    home.chmod(0o777)
    (home / "cache").symlink_to(victim)
    if owner == "another-user":
        home.chmod(0o755)
        os.chown(home / "cache", OTHER_USER, OTHER_USER, follow_symlinks=False)
        os.chown(home, OTHER_USER, OTHER_USER)
    result = run("recommendations", env={"FAMSUPPORT_HOME": str(home)})
    assert result.exit_code == 0, result.output
    assert [file.name for file in kept if not file.exists()] == []
    assert sorted(victim.iterdir()) == sorted(kept), "nothing written there either"


def test_drafts_clear_leaves_files_that_are_not_drafts(run: RunCli, famsupport_home: Path) -> None:
    folder = famsupport_home / "drafts"
    folder.mkdir(mode=0o700, parents=True)
    (folder / "decide.yaml").write_text("famsupport_draft: 1\nchecklist: decide\nanswers: {}\n")
    mine = folder / "Project Plan.yaml"
    mine.write_text("important: 1\n")
    listed = run("drafts").stdout
    assert "Project Plan" in listed
    result = run("drafts", "clear")
    assert result.exit_code == 0, result.output
    assert mine.exists() and not (folder / "decide.yaml").exists()


def test_drafts_clear_refuses_a_famsupport_folder_others_can_write_into(run: RunCli, tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.mkdir(mode=0o700)
    (victim / "decide.yaml").write_text("mine: 1\n")
    home = tmp_path / "shared"
    home.mkdir()
    home.chmod(0o777)
    (home / "drafts").symlink_to(victim)
    for args in (["drafts", "clear"], ["drafts", "clear", "decide"]):
        result = run(*args, env={"FAMSUPPORT_HOME": str(home)})
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert (victim / "decide.yaml").exists()
