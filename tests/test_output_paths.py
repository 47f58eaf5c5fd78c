"""Output paths that cannot take a summary: a clear error, the documented exit code, nothing left behind.

README "Exit codes": 1 for "a file that cannot be written" or "a folder that does not exist",
2 for invalid options (an existing file without --force). Whatever happens, the folder holds
exactly what it held before: no partial summary and no temporary file.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import RunCli
from helpers import GOLDEN_DIR

DIGITAL = GOLDEN_DIR / "decide-digital.yaml"
REFLECT = GOLDEN_DIR / "reflect-no-peer-space.yaml"


def _scripted(command: str = "decide", *extra: str | Path) -> list[str | Path]:
    answers = DIGITAL if command == "decide" else REFLECT
    return [command, "--no-input", "--answers", answers, *extra]


def _listing(folder: Path) -> dict[str, bytes | str]:
    """Everything under `folder` (hidden files too): file contents, or the kind of other entries."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if key == "cache" or key.startswith("cache/"):
            continue  # the content cache is derived data, not output (see io/cache.py)
        mode = path.lstat().st_mode
        found[key] = path.read_bytes() if stat.S_ISREG(mode) else ("dir" if stat.S_ISDIR(mode) else f"mode {oct(mode)}")
    return found


def _assert_clear_error(result: Any, codes: tuple[int, ...], *mentions: str) -> None:
    assert result.exit_code in codes, (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.stderr.startswith("Error:"), result.stderr
    assert "This is a bug" not in result.stderr, result.stderr
    assert result.stdout == "", "nothing is printed as saved"
    for text in mentions:
        assert text in result.stderr, (text, result.stderr)


# --- a folder where a file should be ---------------------------------------------------------------


@pytest.mark.parametrize("force", [False, True], ids=["no-force", "force"])
@pytest.mark.parametrize("command", ["decide", "reflect"])
def test_output_that_is_a_folder(run: RunCli, tmp_path: Path, command: str, force: bool) -> None:
    folder = tmp_path / "summaries"
    folder.mkdir()
    (folder / "earlier.md").write_text("keep me\n", encoding="utf-8")
    before = _listing(tmp_path)
    result = run(*_scripted(command, "--output", folder, *(["--force"] if force else [])))
    _assert_clear_error(result, (1, 2), str(folder), "folder")
    assert _listing(tmp_path) == before


def test_output_folder_given_with_a_trailing_slash(run: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    before = _listing(tmp_path)
    result = run(*_scripted("decide", "--output", f"{folder}{os.sep}"))
    _assert_clear_error(result, (1, 2), "folder")
    assert _listing(tmp_path) == before


# --- folders that cannot be written ----------------------------------------------------------------


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "earlier.md").write_text("keep me\n", encoding="utf-8")
    folder.chmod(0o500)
    try:
        yield folder
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize("command", ["decide", "reflect"])
def test_output_into_a_folder_that_cannot_be_written(run: RunCli, tmp_path: Path, read_only_folder: Path, command: str) -> None:
    if os.access(read_only_folder, os.W_OK):
        pytest.skip("running as a user (root) for whom chmod 0o500 still allows writing; see the test under a file")
    target = read_only_folder / "summary.md"
    before = _listing(tmp_path)
    result = run(*_scripted(command, "--output", target))
    _assert_clear_error(result, (1,), str(target))
    assert _listing(tmp_path) == before


@pytest.mark.parametrize("command", ["decide", "reflect"])
def test_output_under_a_file(run: RunCli, tmp_path: Path, command: str) -> None:
    """A path whose folder is a file cannot be written by anyone, root included."""
    blocker = tmp_path / "somefile.txt"
    blocker.write_text("not a folder\n", encoding="utf-8")
    before = _listing(tmp_path)
    result = run(*_scripted(command, "--output", blocker / "summary.md", "--force"))
    _assert_clear_error(result, (1,), "somefile.txt")
    assert _listing(tmp_path) == before


def test_output_into_a_missing_folder(run: RunCli, tmp_path: Path) -> None:
    before = _listing(tmp_path)
    result = run(*_scripted("decide", "--output", tmp_path / "not-there" / "summary.md"))
    _assert_clear_error(result, (1,), "not-there")
    assert _listing(tmp_path) == before


def test_famsupport_folder_that_cannot_be_created(run: RunCli, tmp_path: Path) -> None:
    """Without --output the summary goes to FAMSUPPORT_HOME; a home under a file is a clear failure."""
    blocker = tmp_path / "somefile.txt"
    blocker.write_text("not a folder\n", encoding="utf-8")
    before = _listing(tmp_path)
    result = run(*_scripted("decide"), env={"FAMSUPPORT_HOME": str(blocker / "home")})
    _assert_clear_error(result, (1,), "somefile.txt")
    assert _listing(tmp_path) == before


def test_famsupport_folder_that_cannot_be_written(run: RunCli, tmp_path: Path, read_only_folder: Path) -> None:
    if os.access(read_only_folder, os.W_OK):
        pytest.skip("running as a user (root) for whom chmod 0o500 still allows writing")
    before = _listing(tmp_path)
    result = run(*_scripted("decide"), env={"FAMSUPPORT_HOME": str(read_only_folder)})
    _assert_clear_error(result, (1,))
    assert _listing(tmp_path) == before


def test_file_name_too_long(run: RunCli, tmp_path: Path) -> None:
    """A name the file system refuses (ENAMETOOLONG) is a file that cannot be written: exit 1, not "a bug"."""
    before = _listing(tmp_path)
    result = run(*_scripted("decide", "--output", tmp_path / ("a" * 300 + ".md")))
    _assert_clear_error(result, (1, 2))
    assert _listing(tmp_path) == before


def test_name_that_leaves_no_room_for_the_temporary_file(run: RunCli, tmp_path: Path) -> None:
    """A valid name whose temporary sibling would be too long: still whole-or-nothing with a clear error."""
    before = _listing(tmp_path)
    result = run(*_scripted("decide", "--output", tmp_path / ("b" * 250 + ".md")))
    if result.exit_code == 0:
        assert sorted(_listing(tmp_path)) == ["b" * 250 + ".md"]
    else:
        _assert_clear_error(result, (1,))
        assert _listing(tmp_path) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_force_never_replaces_something_that_is_not_a_regular_file(run: RunCli, tmp_path: Path) -> None:
    """`--force` replaces a summary, not a device or a pipe: as root, `--output /dev/null --force`
    must not swap /dev/null for a regular file. A FIFO stands in for the device here."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    result = run(*_scripted("decide", "--output", pipe, "--force"))
    assert stat.S_ISFIFO(pipe.lstat().st_mode), "the named pipe was replaced by a regular file"
    _assert_clear_error(result, (1, 2), str(pipe))
    assert sorted(_listing(tmp_path)) == ["pipe"]


# --- a full disk and other write failures ------------------------------------------------------------


def _raise(number: int) -> Any:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(number, os.strerror(number))

    return fail


@pytest.mark.parametrize("command", ["decide", "reflect"])
def test_disk_full_at_fsync(run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    target = tmp_path / "summary.md"
    before = _listing(tmp_path)
    monkeypatch.setattr(os, "fsync", _raise(errno.ENOSPC))
    result = run(*_scripted(command, "--output", target))
    _assert_clear_error(result, (1,), str(target), "full")
    assert _listing(tmp_path) == before


class _FillsUp:
    """A file handle that writes half of what it is given, then reports a full disk (as write(2) does)."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    def write(self, text: str) -> int:
        self._handle.write(text[: len(text) // 2])
        self._handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> _FillsUp:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


def test_disk_full_in_the_middle_of_the_write(run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Half a summary reaches the disk, then ENOSPC: the half-written file must not stay behind."""
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *args, **kwargs: _FillsUp(real_fdopen(*args, **kwargs)))
    target = tmp_path / "summary.md"
    before = _listing(tmp_path)
    result = run(*_scripted("decide", "--output", target))
    _assert_clear_error(result, (1,), "full")
    assert _listing(tmp_path) == before


def test_disk_full_with_force_keeps_the_old_file(run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "summary.md"
    target.write_text("the earlier summary\n", encoding="utf-8")
    before = _listing(tmp_path)
    monkeypatch.setattr(os, "fsync", _raise(errno.ENOSPC))
    result = run(*_scripted("decide", "--output", target, "--force"))
    _assert_clear_error(result, (1,), "full")
    assert _listing(tmp_path) == before
    assert target.read_text(encoding="utf-8") == "the earlier summary\n"


def test_disk_full_in_the_famsupport_folder(run: RunCli, famsupport_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (famsupport_home / "summaries").mkdir(parents=True, exist_ok=True)
    before = _listing(famsupport_home)
    monkeypatch.setattr(os, "fsync", _raise(errno.ENOSPC))
    result = run(*_scripted("decide"))
    _assert_clear_error(result, (1,), "full")
    assert _listing(famsupport_home) == before


@pytest.mark.parametrize("number", [errno.EROFS, errno.EDQUOT, errno.EIO, errno.EACCES], ids=errno.errorcode.get)
def test_other_write_failures(run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int) -> None:
    target = tmp_path / "summary.md"
    before = _listing(tmp_path)
    monkeypatch.setattr(os, "fsync", _raise(number))
    result = run(*_scripted("decide", "--output", target))
    _assert_clear_error(result, (1,), str(target))
    assert _listing(tmp_path) == before


def test_rename_fails(run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last step (the link or rename into place) fails: the temporary file is removed."""
    target = tmp_path / "summary.md"
    before = _listing(tmp_path)
    monkeypatch.setattr(os, "link", _raise(errno.ENOSPC))
    monkeypatch.setattr(os, "replace", _raise(errno.ENOSPC))
    monkeypatch.setattr(os, "rename", _raise(errno.ENOSPC))
    result = run(*_scripted("decide", "--output", target))
    _assert_clear_error(result, (1,))
    assert _listing(tmp_path) == before


def test_interrupted_while_writing(run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C during the write: exit 130 and nothing written (README: "Ctrl-C ... writes nothing")."""

    def interrupt(*_args: object) -> None:
        raise KeyboardInterrupt

    target = tmp_path / "summary.md"
    before = _listing(tmp_path)
    monkeypatch.setattr(os, "fsync", interrupt)
    result = run(*_scripted("decide", "--output", target))
    assert result.exit_code == 130, result.output
    assert "Traceback" not in result.output
    assert _listing(tmp_path) == before


def test_existing_file_without_force_is_left_alone(run: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("the earlier summary\n", encoding="utf-8")
    before = _listing(tmp_path)
    result = run(*_scripted("decide", "--output", target))
    _assert_clear_error(result, (2,), str(target), "--force")
    assert _listing(tmp_path) == before


def test_output_new_folder_with_a_trailing_slash_is_refused(run: RunCli, tmp_path: Path) -> None:
    """`--output newdir/` named a folder; it used to write a file called `newdir`."""
    before = _listing(tmp_path)
    result = run(*_scripted("decide", "--output", f"{tmp_path / 'newdir'}/"))
    _assert_clear_error(result, (2,), "newdir", "slash")
    assert _listing(tmp_path) == before


# --- file systems without hard links (FAT/exFAT USB sticks, some network shares) ------------------------


@pytest.fixture
def no_hard_links(monkeypatch: pytest.MonkeyPatch) -> None:
    """os.link fails as it does on vfat (EPERM)."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", refuse)


@pytest.mark.usefixtures("no_hard_links")
def test_without_hard_links_a_summary_is_written_whole_and_alone(run: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    result = run(*_scripted("decide", "--output", target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("---\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(path.name for path in tmp_path.iterdir()) == ["summary.md"], "no temporary file beside it"


@pytest.mark.usefixtures("no_hard_links")
def test_without_hard_links_an_existing_file_is_still_refused_without_force(run: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("the earlier summary\n", encoding="utf-8")
    before = _listing(tmp_path)
    result = run(*_scripted("decide", "--output", target))
    _assert_clear_error(result, (2,), str(target), "--force")
    assert _listing(tmp_path) == before
    assert run(*_scripted("decide", "--output", target, "--force")).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("---\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["summary.md"]


@pytest.mark.usefixtures("no_hard_links")
def test_without_hard_links_the_journal_gets_one_file_per_run(run: RunCli, famsupport_home: Path) -> None:
    for _ in range(2):
        assert run(*_scripted("decide", "--date", "2026-11-21T09:30:00+01:00")).exit_code == 0
    names = sorted(path.name for path in (famsupport_home / "summaries").iterdir())
    assert names == ["2026-11-21-093000-decide-2.md", "2026-11-21-093000-decide.md"], names


def test_without_hard_links_a_file_that_appears_meanwhile_is_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The race the link guarded against: another process creates the target after our check."""
    from famsupport_cli.errors import FamsupportError
    from famsupport_cli.io import writer

    target = tmp_path / "summary.md"

    def someone_else_writes(*_args: object, **_kwargs: object) -> None:
        target.write_text("another process's summary\n", encoding="utf-8")
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", someone_else_writes)
    with pytest.raises(FamsupportError) as refused:
        writer.write_private(target, "ours\n", force=False)
    assert refused.value.exit_code == 2
    assert target.read_text(encoding="utf-8") == "another process's summary\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["summary.md"]


@pytest.mark.usefixtures("no_hard_links")
def test_without_hard_links_a_failed_rename_leaves_nothing(run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The empty file that claimed the name goes again when the rename over it fails."""
    target = tmp_path / "summary.md"
    before = _listing(tmp_path)
    monkeypatch.setattr(os, "replace", _raise(errno.EIO))
    result = run(*_scripted("decide", "--output", target))
    _assert_clear_error(result, (1,), str(target))
    assert _listing(tmp_path) == before


@pytest.mark.parametrize("links", [True, False], ids=["hard-links", "no-hard-links"])
def test_the_folder_is_synced_after_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: bool) -> None:
    """Without a folder fsync, a power cut after the rename can lose the new name."""
    from famsupport_cli.io import writer

    if not links:
        monkeypatch.setattr(os, "link", _raise(errno.EPERM))
    synced: list[tuple[str, bool]] = []
    real_fsync = os.fsync

    def watched(descriptor: int) -> None:
        is_folder = stat.S_ISDIR(os.fstat(descriptor).st_mode)
        synced.append(("folder" if is_folder else "file", (tmp_path / "summary.md").exists()))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", watched)
    writer.write_private(tmp_path / "summary.md", "text\n", force=False)
    assert synced == [("file", False), ("folder", True)]


def test_on_a_real_vfat_file_system(run: RunCli, tmp_path: Path) -> None:
    """The same on a FAT image, where the kernel refuses hard links (needs mkfs.vfat and a loop mount)."""
    import shutil
    import subprocess

    if shutil.which("mkfs.vfat") is None or os.geteuid() != 0:
        pytest.skip("mkfs.vfat is not installed or mounting needs root")
    image, mount = tmp_path / "stick.img", tmp_path / "stick"
    mount.mkdir()
    subprocess.run(["truncate", "-s", "8M", str(image)], check=True)
    subprocess.run(["mkfs.vfat", str(image)], check=True, capture_output=True)
    if subprocess.run(["mount", "-o", "loop,umask=077", str(image), str(mount)], check=False, capture_output=True).returncode != 0:
        pytest.skip("this machine does not allow a loop mount of a vfat image")
    try:
        target = mount / "summary.md"
        assert run(*_scripted("decide", "--output", target)).exit_code == 0
        assert run(*_scripted("decide", "--output", target)).exit_code == 2
        assert sorted(path.name for path in mount.iterdir()) == ["summary.md"]
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_path_with_control_characters_is_echoed_visibly(run: RunCli, tmp_path: Path) -> None:
    # The path a script reads on stdout, and the note on stderr, are the path as given made visible:
    # an escape code or a line break in it must not drive the terminal or fake a line.
    path = tmp_path / "new\x1b]0;title\x07\nline.md"
    result = run(*_scripted("decide", "--output", path))
    assert result.exit_code == 0, result.output
    assert path.exists()
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert result.stdout.strip().endswith("new\\x1b]0;title\\x07\\nline.md")
    assert result.stdout.count("\n") == 1
