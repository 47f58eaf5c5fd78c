"""Explicit YAML tags whose constructors fail are input errors (exit 2), never a crash.

Found by the fuzz tests: `!!timestamp ''` raised an IndexError inside PyYAML.
"""

from __future__ import annotations

import pytest

from conftest import RunCli, WriteAnswers


@pytest.mark.parametrize(
    "text",
    ["!!timestamp ''\n", "!!float x\n", "!!int zz\n", "x: !!timestamp 2020-13-45\n", "!!python/object:os.system x\n", "!!binary '@@'\n"],
)
def test_failing_tag_constructors_are_invalid_input(text: str, run: RunCli, write_answers: WriteAnswers) -> None:
    path = write_answers(text)
    result = run("decide", "--answers", path, "--no-input", "--output", "-")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error:")
    assert "Traceback" not in result.output
    assert "inside famsupport" not in result.stderr  # not reported as a bug
