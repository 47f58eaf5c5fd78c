"""What held when famsupport was attacked, kept from coming undone (issue 14, item 10).

Most of the attacks that failed to do harm already have tests elsewhere: YAML bombs, deep nesting and
`!!python` tags (test_fuzz.py, test_yaml_tags.py), duplicate keys (test_yamlfile.py, test_content.py),
NaN and infinity (test_fuzz.py), invalid UTF-8 (test_fuzz.py, test_cli.py), full disks and special
`--output` targets (test_output_paths.py), no network (test_network.py) and 50 MB files
(attacks/test_files.py). Here are the rest: a symbolic link as `--output`, a run without any network
at all (`unshare -n`), and decides and batches running at the same moment.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RunCli
from helpers import GOLDEN_DIR, front_matter

DIGITAL = GOLDEN_DIR / "decide-digital.yaml"


def _start(*args: str | Path, home: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "famsupport_cli", *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "FAMSUPPORT_HOME": str(home)},
    )


@pytest.mark.skipif(os.name != "posix", reason="symbolic links as on POSIX")
def test_a_symlink_as_output_is_never_written_through(run: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "someone-elses.md"
    target.write_text("precious\n")
    link = tmp_path / "summary.md"
    link.symlink_to(target)
    refused = run("decide", "--answers", DIGITAL, "--no-input", "--output", str(link))
    assert refused.exit_code == 2
    assert "already exists" in refused.stderr
    forced = run("decide", "--answers", DIGITAL, "--no-input", "--output", str(link), "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_text() == "precious\n", "the file the link pointed to is untouched"
    assert not link.is_symlink() and front_matter(link.read_text())["kind"] == "decide"
    assert link.stat().st_mode & 0o777 == 0o600


@pytest.mark.timeout(120)
@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare(1)")
def test_a_run_without_any_network(tmp_path: Path) -> None:
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False, timeout=20)
    if probe.returncode != 0:
        pytest.skip("this machine does not allow a network namespace here")
    home = tmp_path / "home"
    args = [sys.executable, "-m", "famsupport_cli", "decide", "--answers", str(DIGITAL), "--no-input"]
    done = subprocess.run(
        ["unshare", "-n", *args], capture_output=True, text=True, env={**os.environ, "FAMSUPPORT_HOME": str(home)}, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    (summary,) = (home / "summaries").iterdir()
    assert front_matter(summary.read_text())["recommendation"] == "digital"


@pytest.mark.timeout(180)
def test_decides_at_the_same_moment_each_keep_their_summary(tmp_path: Path) -> None:
    home = tmp_path / "home"
    runs = [_start("decide", "--answers", DIGITAL, "--no-input", "--date", "2026-11-21T09:30:00+01:00", home=home) for _ in range(6)]
    for process in runs:
        _, stderr = process.communicate(timeout=150)
        assert process.returncode == 0, stderr
    written = sorted((home / "summaries").iterdir())
    assert len(written) == 6, [path.name for path in written]
    assert all(front_matter(path.read_text())["recommendation"] == "digital" for path in written)
    assert not [path for path in written if path.name.startswith(".")], "no temporary file is left"


@pytest.mark.timeout(180)
def test_batches_at_the_same_moment_say_truthfully_what_each_wrote(tmp_path: Path) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    for number in range(8):
        shutil.copy(DIGITAL, answers / f"p{number}.yaml")
    out = tmp_path / "out"
    runs = [_start("batch", "decide", answers, "--output-dir", out, home=tmp_path / "home") for _ in range(2)]
    claimed = 0
    for process in runs:
        _, stderr = process.communicate(timeout=150)
        assert "Traceback" not in stderr and "inside famsupport" not in stderr, stderr
        found = re.search(r"(\d+) of 8 summaries written", stderr)
        assert found, stderr
        claimed += int(found.group(1))
    written = sorted(out.iterdir())
    assert [path.name for path in written] == [f"p{number}.md" for number in range(8)]
    assert all(front_matter(path.read_text())["kind"] == "decide" for path in written), "every summary is whole"
    assert claimed == 8, "between them the two batches wrote each file once, and said so"
