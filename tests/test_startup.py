"""Start-up: what `famsupport --help`, `--version` and a scripted run load, and what importing the CLI reads.

The app is built the ordinary way (every command module imported); what stays out of a run
that asks nothing is the prompt library (questionary, prompt_toolkit), and importing the CLI
reads no content file.

Each check runs in a fresh interpreter (a module already imported by another test would
hide a regression): a small `python -c` program sets sys.argv, calls the console script's
`main()`, catches its SystemExit, and reports which of the watched modules ended up in
sys.modules. The measured figures (time, memory) live in benchmarks/run.py, not here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from famsupport_cli.content.loader import shipped_content_dir
from helpers import GOLDEN_DIR

pytestmark = pytest.mark.timeout(120)

# The interactive-only dependencies: imported by the one module that prompts, when it prompts.
PROMPTING = ("questionary", "prompt_toolkit")
# What a command needs only once it reads content: pydantic, PyYAML and the content models
# (196 ms of a 475 ms `--help` on 2026-12-01, 100 rounds: benchmarks/run.py, case "--help, content stack imported first").
CONTENT_STACK = ("pydantic", "yaml", "famsupport_cli.content.models", "famsupport_cli.core.engine")
WATCHED = PROMPTING + CONTENT_STACK

# Runs one command in this interpreter as the console script would, then reports what it loaded.
# An audit hook records every file opened while famsupport_cli.cli is imported.
_PROBE = """
import json, os, sys
report_path, watched, argv = sys.argv[1], sys.argv[2].split(","), json.loads(sys.argv[3])
opened_during_import = []
importing = True
def _audit(event, args):
    if importing and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        opened_during_import.append(os.fsdecode(args[0]))
sys.addaudithook(_audit)
import famsupport_cli.cli
importing = False
after_import = sorted(name for name in watched if name in sys.modules)
code = None
if argv is not None:
    sys.argv = ["famsupport", *argv]
    try:
        famsupport_cli.cli.main()
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
with open(report_path, "w", encoding="utf-8") as handle:
    json.dump({
        "code": code,
        "after_import": after_import,
        "loaded": sorted(name for name in watched if name in sys.modules),
        "opened_during_import": opened_during_import,
    }, handle)
"""


def _probe(tmp_path: Path, argv: list[str] | None, *, env: dict[str, str] | None = None) -> tuple[dict[str, Any], str, str]:
    """Run `famsupport ARGV` (or only the import, for None) in a fresh interpreter: its report, stdout and stderr."""
    report = tmp_path / "report.json"
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(report), ",".join(WATCHED), json.dumps(argv)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return json.loads(report.read_text(encoding="utf-8")), done.stdout, done.stderr


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["--version"], []], ids=["help", "h", "version", "bare"])
def test_help_and_version_load_neither_prompts_nor_content(tmp_path: Path, argv: list[str]) -> None:
    report, stdout, _ = _probe(tmp_path, argv)
    assert report["code"] == 0
    assert stdout.strip(), "nothing printed"
    assert set(PROMPTING).isdisjoint(report["loaded"]), f"famsupport {' '.join(argv)} loaded {report['loaded']}"
    loaded = set(report["loaded"]) - ({"pydantic"} if not argv else set())  # Typer's own no-arguments path imports pydantic
    assert set(CONTENT_STACK).isdisjoint(loaded), f"famsupport {' '.join(argv)} loaded {report['loaded']}"


@pytest.mark.parametrize(
    ("argv", "kind"),
    [
        (["decide", "--no-input", "--answers", str(GOLDEN_DIR / "decide-digital.yaml"), "--output", "-"], "decide"),
        (["decide", "--no-input", "--answers", str(GOLDEN_DIR / "decide-override.yaml"), "--output", "-", "--format", "json"], "decide"),
        (["reflect", "--no-input", "--answers", str(GOLDEN_DIR / "reflect-no-peer-space.yaml"), "--output", "-"], "reflect"),
    ],
    ids=["decide-markdown", "decide-json", "reflect-markdown"],
)
def test_scripted_run_loads_no_prompt_library(tmp_path: Path, argv: list[str], kind: str) -> None:
    report, stdout, stderr = _probe(tmp_path, argv)
    assert report["code"] == 0, stderr
    assert kind in stdout  # the summary was really written (front matter `kind:` or JSON "kind")
    assert set(PROMPTING).isdisjoint(report["loaded"]), f"a scripted run loaded {report['loaded']}"


def test_scripted_run_that_fails_loads_no_prompt_library(tmp_path: Path) -> None:
    """Missing answers with --no-input are reported, not asked: still no prompt library."""
    report, _, stderr = _probe(tmp_path, ["decide", "--no-input", "--output", "-"])
    assert report["code"] == 2
    assert stderr.startswith("Error:")
    assert set(PROMPTING).isdisjoint(report["loaded"]), report["loaded"]


def test_importing_the_cli_loads_no_prompt_library_and_reads_no_content(tmp_path: Path) -> None:
    report, _, _ = _probe(tmp_path, None)
    assert set(PROMPTING).isdisjoint(report["after_import"]), f"importing famsupport_cli.cli loaded {report['after_import']}"
    content = shipped_content_dir().resolve()
    read = [
        path
        for path in report["opened_during_import"]
        if path.endswith((".yaml", ".yml", ".json")) or Path(path).resolve().is_relative_to(content)
    ]
    assert read == [], f"importing famsupport_cli.cli opened content files: {read}"


@pytest.mark.parametrize("argv", [None, ["--help"], ["--version"], ["decide", "--help"], ["content", "--help"]])
def test_import_and_help_work_without_any_content(tmp_path: Path, argv: list[str] | None) -> None:
    """With FAMSUPPORT_CONTENT pointing at a folder that does not exist, nothing that does not need content fails."""
    missing = tmp_path / "no-such-content"
    report, stdout, stderr = _probe(tmp_path, argv, env={"FAMSUPPORT_CONTENT": str(missing)})
    if argv is not None:
        assert report["code"] == 0, stderr
        assert stdout.strip()
    assert not any(path.startswith(str(missing)) for path in report["opened_during_import"])


def test_missing_content_is_a_clear_error_when_content_is_needed(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-content"
    argv = ["decide", "--no-input", "--answers", str(GOLDEN_DIR / "decide-digital.yaml"), "--output", "-"]
    report, stdout, stderr = _probe(tmp_path, argv, env={"FAMSUPPORT_CONTENT": str(missing)})
    assert report["code"] == 2
    assert stdout == ""
    assert stderr.startswith("Error:")
    assert str(missing) in stderr
