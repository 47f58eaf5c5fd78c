"""famsupport never goes online (README): no code path opens a network connection or resolves a name.

The guard replaces the socket entry points with functions that record the attempt and
raise. It is applied only where asked for (the `no_network` fixture is not autouse), in
process through CliRunner, and in a fresh interpreter where the guard is installed before
famsupport is imported at all (as a sitecustomize would), so import-time code is covered too.
An attempt counts even if the code catches the error: the recorded list must stay empty.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest
from typer.testing import CliRunner

from famsupport_cli.cli import app
from helpers import GOLDEN_DIR

DECIDE = GOLDEN_DIR / "decide-digital.yaml"
REFLECT = GOLDEN_DIR / "reflect-no-peer-space.yaml"

COMMANDS: list[list[str]] = [
    ["decide", "--no-input", "--answers", str(DECIDE), "--output", "-"],
    ["decide", "--no-input", "--answers", str(DECIDE), "--output", "-", "--format", "json"],
    ["decide", "--no-input", "--answers", str(DECIDE)],  # into the famsupport folder
    ["reflect", "--no-input", "--answers", str(REFLECT), "--output", "-"],
    ["template", "decide"],
    ["template", "reflect", "--format", "json"],
    ["recommendations", "--format", "json"],
    ["recommendations", "--format", "markdown", "--level", "organisational"],
    ["content", "validate"],
    ["content", "schema", "checklist"],
    ["--version"],
    ["--help"],
]
IDS = [" ".join(arg for arg in command if not arg.startswith("/")) for command in COMMANDS]

# The guard of the `no_network` fixture, for a fresh interpreter: installed before anything else is imported.
_GUARD = """
import socket

attempts = []


def _refuse(name):
    def refuse(*args, **kwargs):
        attempts.append(name)
        raise OSError(101, "famsupport tried to use the network: " + name)

    return refuse


socket.socket.connect = _refuse("socket.connect")
socket.socket.connect_ex = _refuse("socket.connect_ex")
socket.create_connection = _refuse("socket.create_connection")
socket.getaddrinfo = _refuse("socket.getaddrinfo")
socket.gethostbyname = _refuse("socket.gethostbyname")
"""

_SUBPROCESS = (
    _GUARD
    + """
import json, sys
sys.argv = ["famsupport", *json.loads(sys.argv[1])]
from famsupport_cli.cli import main
code = 0
try:
    main()
except SystemExit as stop:
    code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
if attempts:
    sys.stderr.write("NETWORK ATTEMPTS: " + ", ".join(attempts) + "\\n")
    code = 99
sys.exit(code)
"""
)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every socket entry point record the attempt and raise (undone after the test); the list of attempts."""
    attempts: list[str] = []

    def refuse(name: str) -> Callable[..., NoReturn]:
        def refused(*_args: object, **_kwargs: object) -> NoReturn:
            attempts.append(name)
            raise OSError(101, "famsupport tried to use the network: " + name)

        return refused

    for method in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, method, refuse(f"socket.{method}"))
    for function in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, function, refuse(f"socket.{function}"))
    return attempts


def test_the_guard_works(no_network: list[str]) -> None:
    with pytest.raises(OSError, match="network"):
        socket.create_connection(("example.org", 443), timeout=1)
    with pytest.raises(OSError, match="network"), socket.socket(socket.AF_INET, socket.SOCK_STREAM) as raw:
        raw.connect(("127.0.0.1", 9))
    assert no_network == ["socket.create_connection", "socket.connect"]
    no_network.clear()


@pytest.mark.parametrize("args", COMMANDS, ids=IDS)
def test_commands_work_offline_in_process(no_network: list[str], args: list[str]) -> None:
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip(), "the command printed nothing"
    assert "Traceback" not in result.output
    assert no_network == [], f"famsupport {' '.join(args)} tried to use the network: {no_network}"


@pytest.mark.timeout(120)
@pytest.mark.parametrize("args", COMMANDS, ids=IDS)
def test_commands_work_offline_in_a_fresh_interpreter(args: list[str]) -> None:
    """The guard is in place before famsupport is imported, so module-level code is covered too."""
    done = subprocess.run(
        [sys.executable, "-c", _SUBPROCESS, json.dumps(args)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=60,
        check=False,
    )
    assert "NETWORK ATTEMPTS" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


@pytest.mark.timeout(120)
def test_console_script_with_a_sitecustomize_guard(tmp_path: Path) -> None:
    """The installed `famsupport` script, with the guard installed by a sitecustomize module at start-up."""
    script = Path(sys.executable).with_name("famsupport")
    if not script.exists():
        pytest.skip("no famsupport console script next to this Python")
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    record = tmp_path / "attempts.json"
    (guard_dir / "sitecustomize.py").write_text(
        _GUARD + f"\nimport atexit, json\natexit.register(lambda: open({str(record)!r}, 'w').write(json.dumps(attempts)))\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(guard_dir), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    done = subprocess.run(
        [str(script), "decide", "--no-input", "--answers", str(DECIDE), "--output", "-"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert record.exists(), "the sitecustomize guard was not loaded"
    assert json.loads(record.read_text(encoding="utf-8")) == []
