"""A trailing slash on `--output` names a folder: every command that takes `--output` refuses it (exit 2).

It used to be lost where the option was a Path (`report`, `training run`): `--output newdir/`
wrote a file called `newdir`, and `--output existing/` wrote into the folder's parent's name.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import RunCli
from helpers import GOLDEN_DIR

DECIDE = GOLDEN_DIR / "decide-digital.yaml"
REFLECT = GOLDEN_DIR / "reflect-worldview.yaml"


def _commands() -> dict[str, list[str]]:
    return {
        "decide": ["decide", "--answers", str(DECIDE), "--no-input"],
        "reflect": ["reflect", "--answers", str(REFLECT), "--no-input"],
        "report": ["report", str(DECIDE)],
        "training run": ["training", "run", "father-abroad", "--answers", str(DECIDE), "--no-input"],
    }


def _listing(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


@pytest.mark.parametrize("command", list(_commands()))
@pytest.mark.parametrize("exists", [False, True], ids=["new-folder", "existing-folder"])
def test_a_trailing_slash_on_output_is_refused(run: RunCli, tmp_path: Path, command: str, exists: bool) -> None:
    work = tmp_path / "work"
    folder = work / "newdir"
    folder.mkdir(parents=True) if exists else work.mkdir()
    before = _listing(work)
    result = run(*_commands()[command], "--output", f"{folder}{os.sep}")
    assert result.exit_code == 2, result.output
    assert "newdir" in result.stderr and "slash" in result.stderr, result.stderr
    assert _listing(work) == before, "nothing written"


@pytest.mark.parametrize("command", ["report", "training run"])
def test_output_without_a_slash_still_writes_the_file(run: RunCli, tmp_path: Path, command: str) -> None:
    target = tmp_path / "out.md"
    result = run(*_commands()[command], "--output", str(target))
    assert result.exit_code == 0, result.output
    assert target.is_file() and target.stat().st_size > 0
