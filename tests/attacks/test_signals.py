"""Signals: Ctrl-C at any moment of start-up, and SIGTERM / SIGHUP in a batch, stop cleanly.

Each run is the installed console script in a fresh process. A stop exits 130 (SIGINT), 143
(SIGTERM) or 129 (SIGHUP), prints no traceback and leaves no hidden temporary file.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import GOLDEN_DIR

FAMSUPPORT = Path(sys.executable).with_name("famsupport")
STARTUP_RUNS = 40


def _environment(tmp_path: Path) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("FAMSUPPORT_", "LC_", "LANG"))}
    return {**environment, "FAMSUPPORT_HOME": str(tmp_path / "home"), "NO_COLOR": "1", "LANG": "C.UTF-8"}


def _scripted_decide() -> list[str]:
    return [
        str(FAMSUPPORT),
        "decide",
        "--no-input",
        "--answers",
        str(GOLDEN_DIR / "decide-digital.yaml"),
        "--output",
        "-",
        "--date",
        "2026-11-21",
    ]


def _interpreter_start(environment: dict[str, str]) -> float:
    """How long this Python takes to start (site included) and import what the installer's wrapper script imports."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import re, sys"], env=environment, timeout=60, check=True)
        times.append(time.perf_counter() - started)
    return min(times)


@pytest.mark.timeout(240)
def test_ctrl_c_at_random_moments_of_start_up_exits_130_without_a_traceback(tmp_path: Path) -> None:
    """From the moment famsupport's own code can run.

    Before that, the interpreter starts (site) and the wrapper script that pip writes for the
    console script imports `re`: a Ctrl-C there is Python's own ("Fatal Python error:
    init_import_site", or a traceback through the wrapper that never reaches famsupport_cli).
    The moments start after the measured time of that, and the rare run where the machine was
    slower than measured is counted apart and must stay rare; a traceback through any of
    famsupport's code fails.
    """
    environment = _environment(tmp_path)
    interpreter = _interpreter_start(environment)
    durations = []
    for _ in range(3):  # the first run also checks and caches the content: the later ones are the start-ups measured
        started = time.perf_counter()
        whole = subprocess.run(_scripted_decide(), capture_output=True, text=True, env=environment, timeout=60, check=False)
        durations.append(time.perf_counter() - started)
        assert whole.returncode == 0, whole.stderr
    duration = min(durations[1:])
    randomness = random.Random(12)  # the same moments on every run of the suite
    outcomes: list[int] = []
    for _ in range(STARTUP_RUNS):
        child = subprocess.Popen(_scripted_decide(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
        time.sleep(randomness.uniform(interpreter, duration * 0.8))
        if child.poll() is None:
            child.send_signal(signal.SIGINT)
        stdout, stderr = child.communicate(timeout=60)
        if "Traceback" in stderr and "/famsupport_cli/" not in stderr:  # no frame in famsupport's own files
            outcomes.append(-1)  # still in the interpreter's start or the wrapper's `import re`
            continue
        assert "Traceback" not in stderr, stderr
        if child.returncode == 0:  # it had finished its work when the signal came: the whole summary
            assert stdout == whole.stdout
        elif child.returncode == -signal.SIGINT:  # before Python could run any code: the shell reports 130 too
            assert stderr == "" and stdout == ""
        else:
            assert child.returncode == 130, stderr
        outcomes.append(child.returncode)
    print("start-up stops:", {code: outcomes.count(code) for code in set(outcomes)})
    # A busy machine makes some runs finish before their moment comes; a quarter keeps the test from passing on nothing.
    assert outcomes.count(130) >= STARTUP_RUNS // 4, f"too few runs were really interrupted: {outcomes}"
    # A loaded machine starts Python slower than measured, so more moments fall before famsupport's
    # code (3 workers on 2 cores: 10 of 40); the 130s above show the test still reached it.
    assert outcomes.count(-1) <= STARTUP_RUNS // 2, f"too many stops inside the interpreter's start: {outcomes}"


@pytest.mark.timeout(180)
@pytest.mark.parametrize(("stop", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_stop_a_batch_like_ctrl_c(tmp_path: Path, stop: signal.Signals, code: int) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    golden = sorted(GOLDEN_DIR.glob("decide-*.yaml"))
    for index in range(400):
        shutil.copy(golden[index % len(golden)], answers / f"p{index:03d}.yaml")
    output = tmp_path / "out"
    argv = [str(FAMSUPPORT), "batch", "decide", str(answers), "--output-dir", str(output)]
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_environment(tmp_path))
    deadline = time.monotonic() + 60

    def summaries() -> list[str]:  # the summaries written so far (a temporary file is hidden: .NAME.tmp)
        return [path.name for path in output.iterdir() if not path.name.startswith(".")] if output.is_dir() else []

    while time.monotonic() < deadline and child.poll() is None and not summaries():
        time.sleep(0.005)
    assert child.poll() is None, "the batch ended before it could be stopped"
    child.send_signal(stop)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == code, stderr
    assert "Traceback" not in stderr, stderr
    assert "Interrupted" in stderr
    written = sorted(path.name for path in output.iterdir())
    assert written, "nothing had been written"
    assert [name for name in written if name.startswith(".")] == [], "a temporary file was left behind"
    assert len(written) < 400


def _python(program: str, argv: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`program` run by this Python with `argv`; a traceback on its stderr fails the test."""
    child = subprocess.run(
        [sys.executable, "-c", program, *argv], capture_output=True, text=True, env=_environment(tmp_path), timeout=50, check=False
    )
    assert "Traceback" not in child.stderr, child.stderr
    return child


_INTERRUPT_AT = """
import os, signal, sys
import famsupport_cli.cli as cli
moment = sys.argv.pop(1)
calls = []

def interrupted(*_args, **_kwargs):
    raise KeyboardInterrupt

if moment in ("handlers", "ending"):
    real_signal = signal.signal
    def signal_once(*args):  # "handlers": after the first handler is installed; "ending": as main ignores them to exit
        calls.append(args)
        if (moment == "handlers" and len(calls) == 2) or (moment == "ending" and args[1] is signal.SIG_IGN):
            raise KeyboardInterrupt
        return real_signal(*args)
    cli.signal.signal = signal_once
else:  # while main sets its environment, before it parses the command line
    type(os.environ).setdefault = interrupted
sys.argv = ["famsupport", "--help"]
cli.main()
"""


@pytest.mark.timeout(60)
@pytest.mark.parametrize("moment", ["handlers", "environment", "ending"])
def test_ctrl_c_in_main_around_the_command_never_shows_a_traceback(tmp_path: Path, moment: str) -> None:
    """The lines of `main` around the command: a random Ctrl-C found one once (CI, 1 run in 40)."""
    child = _python(_INTERRUPT_AT, [moment], tmp_path)
    if moment == "ending":  # the help was shown whole: the run did its work and says so
        assert child.returncode == 0, child.stderr
        assert "Usage" in child.stdout and child.stderr == ""
        return
    assert child.returncode == 130, child.stderr
    assert child.stdout == ""
    assert child.stderr.strip() == "Interrupted: nothing was written."


_INTERRUPT_WHILE_IMPORTING = """
import importlib.abc, os, signal, sys, weakref

MODULE, WHERE = sys.argv[1], sys.argv[2]

class Thing:
    pass

def interrupted_callback(_reference):  # Python cannot raise out of a weakref callback: it prints and goes on
    os.kill(os.getpid(), signal.SIGINT)
    for _ in range(1000):
        pass

class CtrlCWhileImporting(importlib.abc.MetaPathFinder):
    fired = False
    seen = False  # for "next": MODULE was looked for, so the next import is its own first

    def find_spec(self, name, path=None, target=None):
        if WHERE == "next" and not self.fired and (self.seen or name == MODULE):
            self.seen, name = True, MODULE if self.seen else ""
        if name != MODULE or self.fired:
            return None
        self.fired = True
        if WHERE in ("import", "next"):  # half-way through the first import of that package
            os.kill(os.getpid(), signal.SIGINT)
        else:  # in a weakref callback run by the import machinery
            thing = Thing()
            reference = weakref.ref(thing, interrupted_callback)
            del thing
        return None

sys.meta_path.insert(0, CtrlCWhileImporting())
sys.argv = ["famsupport", *sys.argv[3:]]
from famsupport_cli.cli import main
main()
"""


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("module", "where", "said"),
    [
        # A half-imported package cannot be imported again, and the words of "interrupted" need PyYAML.
        ("yaml.reader", "import", "Interrupted: nothing was written."),
        # CI's random Ctrl-C (Python 3.12) once landed in a weakref callback of the import machinery;
        # the command imports the runner when the stop signals are not held.
        ("famsupport_cli.runner", "callback", "Interrupted: nothing was written."),
        # The same before main runs (a stress run found it, 1 in 300): the app's own imports,
        # before the messages can be read, so no words, only the exit code.
        ("famsupport_cli.commands.batch", "callback", ""),
        # The first import the console script's module makes, whatever it is: CI's random Ctrl-C
        # (Python 3.11, 1 run in 40) once landed in its `from __future__ import annotations`,
        # which stood before the guard.
        ("famsupport_cli.cli", "next", ""),
    ],
    ids=["half-way-through-an-import", "in-a-weakref-callback", "in-a-weakref-callback-before-main", "at-the-entry-modules-first-import"],
)
def test_ctrl_c_while_importing_stops_the_run_without_a_traceback(tmp_path: Path, module: str, where: str, said: str) -> None:
    argv = ["decide", "--no-input", "--answers", str(GOLDEN_DIR / "decide-digital.yaml"), "--output", "-"]
    child = _python(_INTERRUPT_WHILE_IMPORTING, [module, where, *argv], tmp_path)
    assert "Exception ignored" not in child.stderr, child.stderr
    assert child.returncode == 130, child.stderr
    assert child.stderr.strip() == said
    assert child.stdout == ""
    assert not (tmp_path / "home").exists() or not any(path.is_file() for path in (tmp_path / "home").rglob("*.md"))
