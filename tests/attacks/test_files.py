"""Attacks through the files famsupport reads: links out of a pack or the journal, FIFOs, devices, endless input.

Each file a practitioner did not write themselves (a pack, an answers file, a summary copied into the
journal) may be hostile. famsupport reads only regular files of bounded size, follows no symbolic link
out of a pack or the journal, and never hangs on a FIFO: every case here ends with a clear message and
exit 2. The FIFO cases run famsupport in a child process with a timeout, so a hang fails the test
rather than the suite.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RunCli, WriteAnswers
from famsupport_cli import safefile
from helpers import load_golden

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and symbolic links as on POSIX")

FAKE_SHADOW = "root:$6$saltsalt$FAKEHASHnotarealpasswordhashatallFAKEHASH:19000:0:99999:7:::\n"
SECRET = "FAKEHASHnotarealpassword"


def famsupport(*args: str | Path, home: Path, stdin: bytes | None = None, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """famsupport in a child process: a hang becomes subprocess.TimeoutExpired, a failure of the test."""
    env = {**os.environ, "FAMSUPPORT_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "famsupport_cli", *map(str, args)],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )


@pytest.fixture
def pack(tmp_path: Path, run: RunCli) -> Path:
    folder = tmp_path / "pack"
    assert run("content", "init", str(folder)).exit_code == 0
    return folder


@pytest.fixture
def shadow(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "shadow"
    path.parent.mkdir()
    path.write_text(FAKE_SHADOW)
    return path


# --- the safe reader itself -------------------------------------------------------------------------


def test_the_reader_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reasons = {}
    for path in (fifo, Path("/dev/zero"), tmp_path):
        with pytest.raises(safefile.RefusedFile) as refused:
            safefile.read_text(path)
        reasons[path] = refused.value.reason
    assert "FIFO" in reasons[fifo]
    assert "device" in reasons[Path("/dev/zero")]
    assert "folder" in reasons[tmp_path]


def test_the_reader_checks_the_size_before_and_while_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a" * 1001)
    with pytest.raises(safefile.RefusedFile, match="larger than 1,000 bytes"):
        safefile.read_text(big, limit=1000)
    assert safefile.read_text(big, limit=1001) == "a" * 1001
    proc = Path("/proc/self/status")  # reports size 0, gives more
    if proc.exists():
        with pytest.raises(safefile.RefusedFile, match="larger than 10 bytes"):
            safefile.read_text(proc, limit=10)


def test_the_reader_follows_links_inside_the_root_only(tmp_path: Path, shadow: Path) -> None:
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "real.yaml").write_text("a: 1\n")
    (root / "sub" / "inside.yaml").symlink_to(root / "real.yaml")
    (root / "sub" / "outside.yaml").symlink_to(shadow)
    assert safefile.read_text(root / "sub" / "inside.yaml", root=root) == "a: 1\n"
    with pytest.raises(safefile.RefusedFile, match="symbolic link to a file outside"):
        safefile.read_text(root / "sub" / "outside.yaml", root=root)
    assert safefile.read_text(root / "sub" / "outside.yaml") == FAKE_SHADOW  # a path the user names is theirs to choose


# --- content packs ----------------------------------------------------------------------------------


def test_a_pack_file_linked_outside_the_pack_is_refused_and_never_quoted(pack: Path, shadow: Path, run: RunCli) -> None:
    target = pack / "checklists" / "decide.yaml"
    target.unlink()
    target.symlink_to(shadow)
    result = run("content", "validate", str(pack))
    assert result.exit_code == 2
    assert "symbolic link to a file outside" in result.output
    assert SECRET not in result.output and "root:" not in result.output


def test_a_pack_folder_linked_outside_is_refused_too(pack: Path, shadow: Path, run: RunCli) -> None:
    (pack / "checklists" / "decide.yaml").unlink()
    (pack / "checklists").rmdir()
    (shadow.parent / "decide.yaml").write_text(FAKE_SHADOW)
    (pack / "checklists").symlink_to(shadow.parent)
    result = run("content", "validate", str(pack))
    assert result.exit_code == 2
    assert SECRET not in result.output


def test_validation_errors_quote_at_most_a_short_excerpt(pack: Path, run: RunCli) -> None:
    # A file inside the pack with one long line: the error names the key but never the whole line.
    long_key = "k" + "x" * 500
    (pack / "checklists" / "decide.yaml").write_text(f"{long_key}: 1\n")
    result = run("content", "validate", str(pack))
    assert result.exit_code == 2
    assert long_key not in result.output
    assert "kxxxx" in result.output


@pytest.mark.timeout(60)
def test_a_fifo_as_a_pack_file_does_not_hang(pack: Path, famsupport_home: Path) -> None:
    target = pack / "checklists" / "decide.yaml"
    target.unlink()
    os.mkfifo(target)
    result = famsupport("content", "validate", pack, home=famsupport_home)
    assert result.returncode == 2
    assert "named pipe (FIFO)" in result.stdout + result.stderr


def test_an_oversized_pack_file_is_refused_before_it_is_read(pack: Path, run: RunCli) -> None:
    target = pack / "checklists" / "decide.yaml"
    with target.open("r+b") as handle:
        handle.truncate(50_000_000)  # sparse: 50 MB without writing them
    result = run("content", "validate", str(pack))
    assert result.exit_code == 2
    assert "larger than 2,000,000 bytes" in result.output


# --- answers files ------------------------------------------------------------------------------------


@pytest.mark.timeout(60)
@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "/dev/urandom"])
def test_special_answers_files_are_refused_without_hanging(special: str, tmp_path: Path, famsupport_home: Path) -> None:
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "answers.yaml"
        os.mkfifo(path)
    result = famsupport("decide", "--answers", path, "--no-input", "--output", "-", home=famsupport_home)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("Error: Cannot read the answers file")
    assert "not a regular file" in result.stderr
    assert result.stdout == ""


@pytest.mark.timeout(60)
def test_endless_standard_input_is_cut_at_the_limit(famsupport_home: Path) -> None:
    with Path("/dev/zero").open("rb") as zero:
        result = subprocess.run(
            [sys.executable, "-m", "famsupport_cli", "decide", "--answers", "-", "--no-input", "--output", "-"],
            stdin=zero,
            capture_output=True,
            text=True,
            env={**os.environ, "FAMSUPPORT_HOME": str(famsupport_home)},
            timeout=30,
            check=False,
        )
    assert result.returncode == 2
    assert "larger than 2,000,000 bytes" in result.stderr


def test_answers_from_standard_input(run: RunCli) -> None:
    text = (Path(__file__).parent.parent / "golden" / "decide-digital.yaml").read_text()
    result = run("decide", "--answers", "-", "--no-input", "--output", "-", input=text)
    assert result.exit_code == 0, result.output
    assert "recommendation: digital" in result.stdout


def test_a_large_answers_file_is_refused_by_its_size(run: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)
    result = run("decide", "--answers", str(path), "--no-input", "--output", "-")
    assert result.exit_code == 2
    assert "larger than 2,000,000 bytes" in result.stderr


# --- drafts and the journal ----------------------------------------------------------------------------


@pytest.mark.timeout(60)
def test_a_fifo_as_a_draft_does_not_hang(famsupport_home: Path) -> None:
    drafts = famsupport_home / "drafts"
    drafts.mkdir(mode=0o700)
    os.mkfifo(drafts / "decide.yaml")
    result = famsupport("decide", "--resume", "--no-input", "--output", "-", home=famsupport_home)
    assert result.returncode == 2
    assert "not a regular file" in result.stderr or "FIFO" in result.stderr, result.stderr
    assert "famsupport drafts clear decide" in result.stderr
    assert ".." not in result.stderr, "one full stop after the reason, not two"
    listed = famsupport("drafts", home=famsupport_home)
    assert listed.returncode == 0
    assert "decide" in listed.stdout and "No drafts" not in listed.stderr, "listed as the damaged draft resume says it is"
    assert famsupport("drafts", "clear", "decide", home=famsupport_home).returncode == 0
    assert not (drafts / "decide.yaml").exists()
    os.mkfifo(drafts / "reflect.yaml")
    cleared = famsupport("drafts", "clear", home=famsupport_home)
    assert cleared.returncode == 0 and "reflect.yaml" in cleared.stdout
    assert not (drafts / "reflect.yaml").exists()


def test_a_draft_linked_outside_the_drafts_folder_is_not_read(famsupport_home: Path, shadow: Path, run: RunCli) -> None:
    drafts = famsupport_home / "drafts"
    drafts.mkdir(mode=0o700)
    (drafts / "decide.yaml").symlink_to(shadow)
    result = run("decide", "--resume", "--no-input", "--output", "-")
    assert result.exit_code == 2
    assert "symbolic link" in result.stderr, result.stderr
    assert SECRET not in result.output


def _journal_with_one_summary(run: RunCli, write_answers: WriteAnswers, home: Path) -> Path:
    assert run("decide", "--answers", write_answers(load_golden("decide-digital.yaml")), "--no-input").exit_code == 0
    return home / "summaries"


def test_show_and_history_refuse_a_summary_linked_outside_the_journal(
    run: RunCli, write_answers: WriteAnswers, famsupport_home: Path, shadow: Path
) -> None:
    journal = _journal_with_one_summary(run, write_answers, famsupport_home)
    (journal / "2026-11-21-093000-decide.md").symlink_to(shadow)
    shown = run("show", "2026-11-21-093000-decide.md")
    assert shown.exit_code == 2
    assert "is a symbolic link" in shown.stderr  # as history says: a summary in the journal is a file, never a link
    assert SECRET not in shown.output
    listed = run("history")
    assert listed.exit_code == 0
    assert SECRET not in listed.output
    assert "symbolic" in listed.stdout


def test_a_fifo_in_the_journal_stops_no_decide(run: RunCli, write_answers: WriteAnswers, famsupport_home: Path) -> None:
    journal = _journal_with_one_summary(run, write_answers, famsupport_home)
    os.mkfifo(journal / "2026-11-21-093000-decide.md")
    answers = write_answers(load_golden("decide-digital.yaml"))
    assert run("decide", "--answers", answers, "--no-input", "--output", "-").exit_code == 0
    assert run("history").exit_code == 0
    assert run("wellbeing").exit_code == 0


@pytest.mark.timeout(60)
def test_an_answers_file_of_many_unknown_keys_gets_a_short_message(run: RunCli, tmp_path: Path) -> None:
    answers = tmp_path / "many.yaml"
    answers.write_text("".join(f"unknown_{number}: 1\n" for number in range(20_000)))
    result = run("decide", "--answers", answers, "--no-input", "--output", "-")
    assert result.exit_code == 2
    assert "20,0" in result.stderr  # the count, grouped as English writes it
    assert re.search(r"\.\.\. and 20,0\d\d more problems\.", result.stderr) and result.stderr.count("unknown_") <= 40
    assert len(result.stderr) < 20_000


@pytest.mark.timeout(60)
def test_report_and_batch_count_the_problems_past_the_first_and_say_so_in_the_language(run: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "group"
    folder.mkdir()
    # One decide question (with an answer that does not fit), so the file is read as decide's.
    (folder / "many.yaml").write_text("preferred_format: banana\n" + "".join(f"unknown_{number}: 1\n" for number in range(5_000)))
    report = run("report", folder, "--lang", "de")
    assert report.stderr.count("unknown_") <= 40 and len(report.stderr) < 20_000, len(report.stderr)
    assert re.search(r"\.\.\. und 4\.9\d\d weitere Probleme\.", report.stderr), report.stderr[-300:]  # German grouping
    batch = run("batch", "decide", folder, "--output-dir", tmp_path / "out", "--lang", "de")
    assert batch.exit_code == 2
    assert "weitere Probleme" in batch.stderr and " more" not in batch.stderr  # once English whatever --lang said
